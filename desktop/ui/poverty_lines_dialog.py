"""The district administrator's poverty lines: what the desk knows, and a new quarter's line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.quarters import Quarter, quarter_text
from desktop.i18n import _, current_language, format_money, render
from desktop.services import poverty_lines
from desktop.ui.field_row import FieldRow

ROMAN = ("I", "II", "III", "IV")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class PovertyLinesDialog(QDialog):
    """Lists every poverty line and adds a quarter's line to the administrator's folder."""

    def __init__(self, overlay_dir: Path | None = None, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("poverty_lines_dialog")
        self.overlay_dir = overlay_dir
        today = today or dt.date.today()
        self.intro = QLabel(objectName="poverty_lines_intro", wordWrap=True)
        self.table = QTableWidget(0, 5, objectName="poverty_lines_table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.region = QComboBox(objectName="poverty_line_region")
        self.year = QSpinBox(objectName="poverty_line_year", minimum=2001, maximum=2100,
                             value=today.year)
        self.quarter = QComboBox(objectName="poverty_line_quarter")
        self.quarter.addItems(ROMAN)
        self.quarter.setCurrentIndex((today.month - 1) // 3)
        period = QWidget()
        period_layout = QHBoxLayout(period)
        period_layout.setContentsMargins(0, 0, 0, 0)
        period_layout.addWidget(self.quarter)
        period_layout.addWidget(self.year)
        period_layout.addStretch(1)
        self.amount = QLineEdit(objectName="poverty_line_amount")
        self.source = QLineEdit(objectName="poverty_line_source")
        self.rows = {"region": FieldRow(self.region), "quarter": FieldRow(period),
                     "amount": FieldRow(self.amount), "source": FieldRow(self.source)}
        form = QFormLayout()
        for row in self.rows.values():
            form.addRow(row.label, row)
        self.add_button = QPushButton(objectName="poverty_line_add")
        self.add_button.clicked.connect(self.add_line)
        self.saved_label = QLabel(objectName="poverty_line_saved")
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.saved_label, 1)
        buttons_row.addWidget(self.add_button)
        self.add_box = QGroupBox()
        add_layout = QVBoxLayout(self.add_box)
        add_layout.addLayout(form)
        add_layout.addLayout(buttons_row)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.add_box)
        layout.addWidget(self.buttons)
        self.reload()
        self.retranslate()
        self.resize(900, 600)

    def reload(self) -> None:
        parameters = poverty_lines.current_parameters(self.overlay_dir)
        self._regions = sorted(poverty_lines.regions(parameters), key=lambda r: r.code)
        self._rows = poverty_lines.rows(parameters)
        self._fill_regions()
        self._fill_table()

    def _fill_regions(self) -> None:
        chosen = self.region.currentData()
        self.region.clear()
        for region in self._regions:
            name = region.name_ru if current_language() == "ru" else region.name_kk
            self.region.addItem(name, region.code)
        if chosen:
            self.region.setCurrentIndex(max(0, self.region.findData(chosen)))

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self._rows))
        for number, row in enumerate(self._rows):
            name = row.region.name_ru if current_language() == "ru" else row.region.name_kk
            origin = _("added by the administrator") if row.added_here else _("shipped")
            cells = [name, render(quarter_text(row.quarter)), format_money(row.amount_tiyn),
                     origin, row.source]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(number, column, item)

    def add_line(self) -> None:
        quarter = Quarter(self.year.value(), self.quarter.currentIndex() + 1)
        result = poverty_lines.add_line(self.region.currentData(), quarter, self.amount.text(),
                                        self.source.text(), self.overlay_dir)
        problems = result.by_field if isinstance(result, poverty_lines.AddLineProblems) else {}
        for key, row in self.rows.items():
            row.set_problem(render(problems[key]) if key in problems else None)
        if problems:
            self.saved_label.clear()
            return
        self.saved_label.setText(_("Saved. Applications of this region and quarter can now be "
                                   "assessed."))
        self.amount.clear()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Poverty lines"))
        self.intro.setText(_(
            "The poverty line of each region is set every quarter. An application is assessed "
            "against the line of its region for the quarter of application; add the line here "
            "as soon as the akimat's decision is published."))
        self.table.setHorizontalHeaderLabels(
            [_("Region"), _("Quarter"), _("Poverty line"), _("Where from"), _("Source")])
        self.add_box.setTitle(_("Add a quarter's line"))
        self.rows["region"].label.setText(_("Region:"))
        self.rows["quarter"].label.setText(_("Quarter:"))
        self.rows["amount"].label.setText(_("Poverty line, tenge:"))
        self.rows["source"].label.setText(_("Act that set it:"))
        self.source.setPlaceholderText(_("e.g. the akimat's decision No. 12 of 01.07.2026"))
        self.add_button.setText(_("Add"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
