"""First start and Settings: which office this workstation belongs to, and who works at it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.issues import ParameterError
from desktop.domain.quarters import Quarter
from desktop.i18n import _, current_language, render
from desktop.parameters.store import load_parameters
from desktop.services import poverty_lines
from desktop.services.workstation import (
    ReferenceOffice,
    WorkstationSetup,
    office_name,
    office_sort_key,
    place_name,
    reference_offices,
    validate_office_code,
)
from desktop.storage.textkeys import sort_key
from desktop.ui.field_row import FieldRow

OTHER_OFFICE = -1


class SetupDialog(QDialog):
    """Records the workstation: region, district, office, office code, operator."""

    def __init__(self, current: WorkstationSetup | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setup_dialog")
        self.setModal(True)
        # At the first start, closing the dialog quits the program: Esc asks first.
        self.first_start = current is None
        self.quit_question: QMessageBox | None = None
        self.result_setup: WorkstationSetup | None = None
        self._offices = reference_offices()

        self.intro = QLabel(objectName="setup_intro")
        self.intro.setWordWrap(True)
        self.region = QComboBox(objectName="setup_region", editable=True)
        self.district = QComboBox(objectName="setup_district", editable=True)
        self.office = QComboBox(objectName="setup_office")
        self.kind_district = QRadioButton(objectName="setup_kind_district_office")
        self.kind_akimat = QRadioButton(objectName="setup_kind_akimat")
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.kind_district)
        self.kind_group.addButton(self.kind_akimat)
        self.kind_district.setChecked(True)
        kind_box = QWidget(objectName="setup_kind")
        kind_layout = QHBoxLayout(kind_box)
        kind_layout.setContentsMargins(0, 0, 0, 0)
        kind_layout.addWidget(self.kind_district)
        kind_layout.addWidget(self.kind_akimat)
        kind_layout.addStretch(1)
        self.name_kk = QLineEdit(objectName="setup_office_name_kk")
        self.name_ru = QLineEdit(objectName="setup_office_name_ru")
        self.code = QLineEdit(objectName="setup_office_code")
        self.code.setMaxLength(12)
        self.operator = QLineEdit(objectName="setup_operator_full_name")
        self.position = QLineEdit(objectName="setup_operator_position")

        self.rows = {
            "region": FieldRow(self.region),
            "district": FieldRow(self.district),
            "office": FieldRow(self.office),
            "kind": FieldRow(kind_box),
            "office_name_kk": FieldRow(self.name_kk),
            "office_name_ru": FieldRow(self.name_ru),
            "office_code": FieldRow(self.code),
            "operator_full_name": FieldRow(self.operator),
            "operator_position": FieldRow(self.position),
        }
        form = QFormLayout()
        for row in self.rows.values():
            form.addRow(row.label, row)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self._fill_regions()
        self.region.currentTextChanged.connect(self._fill_districts)
        self.district.currentTextChanged.connect(
            lambda _shown: self._fill_offices(self._district_value()))
        self.office.currentIndexChanged.connect(self._office_chosen)
        self.code.textEdited.connect(lambda text: self.code.setText(text.upper()))
        if current:
            self._show(current)
        self.retranslate()
        self.resize(640, self.sizeHint().height())

    # --- reference offices -----------------------------------------------------------

    def _region_choices(self) -> list[tuple[str, str]]:
        """(name shown, value stored) of the regions of today, by name in the interface
        language. The value stored is the Russian name, as the reference offices write it."""
        lang = current_language()
        try:
            regions = poverty_lines.regions(load_parameters(), lang, Quarter.of(dt.date.today()))
        except ParameterError:  # a broken overlay must not stop the setup: offices' names
            names = sorted({office.region for office in self._offices}, key=sort_key)
            return [(name, name) for name in names]
        return [(poverty_lines.region_name(region, lang), region.name_ru) for region in regions]

    def _fill_regions(self) -> None:
        chosen = self._region_value()
        self.region.blockSignals(True)
        self.region.clear()
        for shown, stored in self._region_choices():
            self.region.addItem(shown, stored)
        with_offices = {office.region for office in self._offices}
        position = self.region.findData(chosen) if chosen else -1
        if position < 0:  # the first region that has reference offices
            position = next((i for i in range(self.region.count())
                             if self.region.itemData(i) in with_offices), 0)
        self.region.setCurrentIndex(position)
        self.region.blockSignals(False)
        self._fill_districts(self.region.currentText())

    @staticmethod
    def _stored(box: QComboBox) -> str:
        """A region's or district's name as stored: the chosen item's value (its Russian
        name, as the reference offices write it), or the text typed."""
        text = box.currentText().strip()
        position = box.findText(text)
        if position >= 0 and box.itemData(position):
            return str(box.itemData(position))
        return text

    def _region_value(self) -> str:
        return self._stored(self.region)

    def _district_value(self) -> str:
        return self._stored(self.district)

    def _fill_districts(self, _shown: str) -> None:
        """The region's districts by name in the interface language («Ақтоғай ауданы» on a
        Kazakh desk), each stored by its Russian name."""
        region = self._region_value()
        lang = current_language()
        districts = sorted(((place_name(d).text(lang), d)
                            for d in {o.district for o in self._offices if o.region == region}),
                           key=lambda item: sort_key(item[0]))
        self.district.blockSignals(True)
        self.district.clear()
        for shown, stored in districts:
            self.district.addItem(shown, stored)
        self.district.blockSignals(False)
        self._fill_offices(self._district_value())

    def _district_offices(self, district: str) -> list[tuple[int, ReferenceOffice]]:
        region = self._region_value()
        lang = current_language()
        found = [(i, o) for i, o in enumerate(self._offices)
                 if o.district == district and o.region == region]
        # the district department first, then the akimats, each by the name inside «…»
        return sorted(found, key=lambda item: (item[1].kind != "district_office",
                                               office_sort_key(item[1], lang)))

    def _fill_offices(self, district: str, notify: bool = True) -> None:
        """The district department, then its akimats by name in the interface language, then
        "Another"."""
        chosen = self.office.currentData()
        self.office.blockSignals(True)
        self.office.clear()
        for index, _office in self._district_offices(district):
            self.office.addItem("", index)
        self.office.addItem("", OTHER_OFFICE)
        self._retranslate_offices()
        self.office.setCurrentIndex(max(self.office.findData(chosen), 0))
        self.office.blockSignals(False)
        if notify:
            self._office_chosen(self.office.currentIndex())

    def _office_chosen(self, _position: int) -> None:
        index = self.office.currentData()
        if index is None or index == OTHER_OFFICE:
            return
        office = self._offices[index]
        self.name_kk.setText(office.name_kk)
        self.name_ru.setText(office.name_ru)
        (self.kind_akimat if office.kind == "akimat" else self.kind_district).setChecked(True)

    @staticmethod
    def _choose(box: QComboBox, stored: str) -> None:
        """Show ``stored`` (a region's or district's name as kept) as the box's choice: the
        item stored under it or named so (stored by its Kazakh name), else as typed."""
        position = box.findData(stored)
        if position < 0:
            position = box.findText(stored)
        if position >= 0:
            box.setCurrentIndex(position)
        else:
            box.setCurrentText(stored)

    @staticmethod
    def _relabel(box: QComboBox, name: Callable[[str], str]) -> None:
        """Each item named again (in the new language), the same one chosen."""
        box.blockSignals(True)
        for position in range(box.count()):
            stored = box.itemData(position)
            if stored:
                box.setItemText(position, name(str(stored)))
        box.blockSignals(False)

    def _show(self, setup: WorkstationSetup) -> None:
        self._choose(self.region, setup.region)
        self._choose(self.district, setup.district)
        self.office.setCurrentIndex(self.office.count() - 1)
        for position in range(self.office.count()):
            data = self.office.itemData(position)
            if data not in (None, OTHER_OFFICE) and \
                    self._offices[data].name_ru == setup.office_name_ru:
                self.office.setCurrentIndex(position)
        (self.kind_akimat if setup.office_kind == "akimat" else self.kind_district).setChecked(True)
        self.name_kk.setText(setup.office_name_kk)
        self.name_ru.setText(setup.office_name_ru)
        self.code.setText(setup.office_code)
        self.operator.setText(setup.operator_full_name)
        self.position.setText(setup.operator_position)

    # --- result ----------------------------------------------------------------------

    def collected(self) -> WorkstationSetup:
        return WorkstationSetup(
            region=self._region_value(),
            district=self._district_value(),
            office_kind="akimat" if self.kind_akimat.isChecked() else "district_office",
            office_name_kk=self.name_kk.text().strip(),
            office_name_ru=self.name_ru.text().strip(),
            office_code=self.code.text().strip().upper(),
            operator_full_name=" ".join(self.operator.text().split()),
            operator_position=self.position.text().strip(),
        )

    def problems(self, setup: WorkstationSetup) -> dict[str, str]:
        found: dict[str, str] = {}
        for key in ("region", "district", "office_name_kk", "office_name_ru", "office_code",
                    "operator_full_name", "operator_position"):
            if not getattr(setup, key):
                found[key] = _("Fill in this field.")
        if "office_code" not in found:
            code_problem = validate_office_code(setup.office_code)
            if code_problem is not None:
                found["office_code"] = render(code_problem)
        return found

    def accept(self) -> None:
        setup = self.collected()
        found = self.problems(setup)
        for key, row in self.rows.items():
            row.set_problem(found.get(key))
        if found:
            first = next(key for key in self.rows if key in found)
            self.rows[first].editor.setFocus()
            return
        self.result_setup = setup
        super().accept()

    def cancel(self) -> None:
        """Esc or Cancel: at the first start Kömek quits without an office, so it asks
        first (staying is the default: a stray Esc loses nothing typed)."""
        if self.first_start and not self._confirm_quit():
            return
        self.reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's own close button asks as Esc does (the program closing it does not)."""
        if event.spontaneous() and self.first_start and not self._confirm_quit():
            event.ignore()
            return
        super().closeEvent(event)

    def _confirm_quit(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, _("Quit Kömek?"), _(
            "The workstation is not set up yet, and Kömek cannot take applications without "
            "its office. Quit now? What you typed here is not kept."), parent=self)
        box.setObjectName("setup_quit_question")
        yes = box.addButton(_("Quit"), QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton(_("Go on with the settings"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        self.quit_question = box
        box.exec()
        self.quit_question = None
        return box.clickedButton() is yes

    def retranslate(self) -> None:
        self.setWindowTitle(_("Workstation settings"))
        self.intro.setText(_(
            "Say which office this workstation belongs to and who works at it. The office code "
            "begins every registration number issued here, so two workstations must never "
            "share one."
        ))
        labels = {
            "region": _("Region:"),
            "district": _("District:"),
            "office": _("Office:"),
            "kind": _("Kind of office:"),
            "office_name_kk": _("Office name in Kazakh:"),
            "office_name_ru": _("Office name in Russian:"),
            "office_code": _("Office code:"),
            "operator_full_name": _("Operator (surname, first name, patronymic):"),
            "operator_position": _("Position:"),
        }
        for key, text in labels.items():
            self.rows[key].label.setText(text)
        self.kind_district.setText(_("District department of employment and social programs"))
        self.kind_akimat.setText(_("Akim's office of a village or rural district"))
        self.code.setPlaceholderText(_("e.g. AKT-05"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        lang = current_language()
        # the same region and district, named in the new language
        regions = {stored: shown for shown, stored in self._region_choices()}
        self._relabel(self.region, lambda stored: regions.get(stored, stored))
        self._relabel(self.district, lambda stored: place_name(stored).text(lang))
        self._fill_offices(self._district_value(), notify=False)

    def _retranslate_offices(self) -> None:
        for position in range(self.office.count()):
            index = self.office.itemData(position)
            if index == OTHER_OFFICE:
                text = _("Another office (enter its details below)")
            else:
                text = office_name(self._offices[index], current_language())
            self.office.setItemText(position, text)
