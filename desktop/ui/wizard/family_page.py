"""Page 2: family composition — the grid (applicant in row 1) and the selected member's details.

The grid holds what identifies a member; addresses and the statuses the rules need are in
the panel under it, so the page fits 1366 pixels without scrolling sideways. A duplicate IIN
in the family is refused at its cell; an IIN in another open case is a warning with a link.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.domain.intake_session import MEMBERS, IntakeSession, cell_key
from desktop.formspec.model import FieldSpec
from desktop.services import disabilities
from desktop.services.drafts import other_open_applications_with_iin
from desktop.services.intake import IntakeContext
from desktop.ui.labels import status_label
from desktop.ui.wizard.form_section import Binding, FormSection
from desktop.ui.wizard.page_base import WizardPage, problem_label, shortcut, table_view
from desktop.ui.wizard.session_table import SessionTableModel

GRID = ("member_iin", "member_surname", "member_first_name", "member_patronymic",
        "member_relationship", "member_birth_date", "member_sex", "member_residence_status")
ADD_MEMBER = QKeySequence("Ctrl+M")
REMOVE_ROW = QKeySequence("Ctrl+Delete")


class FamilyPage(WizardPage):
    """Signals: open_case(str, str): the user followed a link to another case (kind, id)."""

    step = "family"
    open_case = Signal(str, str)

    def __init__(self, session: IntakeSession, context: IntakeContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, context, parent)
        table_spec = session.field("family_members")
        columns = {c.id: c for c in table_spec.columns}
        self.model = SessionTableModel(session, MEMBERS, [columns[c] for c in GRID])
        self.model.edited.connect(self._table_edited)
        self.table = table_view(self.model, "family_members")
        self.table.leave_at_row_end = True  # Tab after the row's last cell: its details
        self.table.selectionModel().currentChanged.connect(self._current_changed)
        self.add_button = QPushButton(objectName="add_member")
        self.add_button.clicked.connect(self.add_member)
        self.remove_button = QPushButton(objectName="remove_member")
        self.remove_button.clicked.connect(self.remove_member)
        self.cell_problem = problem_label("family_cell_problem")
        self.duplicates = QLabel(objectName="family_other_cases")
        self.duplicates.setWordWrap(True)
        self.duplicates.setTextFormat(Qt.TextFormat.RichText)
        self.duplicates.linkActivated.connect(self._link)
        self.duplicates.setStyleSheet("background: #fff1c2; padding: 4px;")
        self.duplicates.hide()
        self._other: dict[str, list[Any]] = {}
        self._checked_iins: tuple[str, ...] | None = None

        details = [c for c in table_spec.columns if c.id not in GRID]
        self.detail = FormSection(session, details, self._row_binding(), columns=2)
        self.detail.edited.connect(self._detail_edited)
        self.detail_box = QGroupBox(objectName="family_detail")
        # the person's disability as the desk keeps it (Cases → Persons with disabilities)
        self.on_record = QLabel(objectName="family_disability_on_record")
        self.on_record.setWordWrap(True)
        self.on_record.setStyleSheet("background: #e8f0fe; padding: 4px;")
        self.on_record.hide()
        self._records: dict[str, Any] = {}  # IIN -> the person's disability, or None
        detail_layout = QVBoxLayout(self.detail_box)
        detail_layout.addWidget(self.on_record)
        detail_layout.addWidget(self.detail)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.cell_problem)
        top_layout.addWidget(self.duplicates)
        # The member's details scroll when the screen is short (the Kazakh labels take more
        # lines): squeezed, the circumstances' check boxes would overlap.
        self.detail_scroll = QScrollArea(objectName="family_detail_scroll")
        self.detail_scroll.setWidget(self.detail_box)
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.detail_scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        for keys, slot in ((ADD_MEMBER, self.add_member), (REMOVE_ROW, self.remove_member)):
            shortcut(self, keys, slot)
        self.add_button.setText(i18n._("&Add member (Ctrl+M)"))
        self.remove_button.setText(i18n._("Remove member (Ctrl+Del)"))
        first_detail = next(iter(self.detail.editors.values()), None)
        if first_detail is not None:  # Tab from the table goes on to the member's details
            QWidget.setTabOrder(self.table, first_detail)
        self.table.setCurrentIndex(self.model.index(0, 0))
        self._update_detail()
        self._check_other_cases()

    # --- the selected member ---------------------------------------------------------------

    def current_row_id(self) -> str:
        row = max(self.table.currentIndex().row(), 0)
        return self.model.row_id(min(row, self.model.rowCount() - 1))

    def _row_binding(self) -> Binding:
        return Binding(
            lambda spec: self.session.cell(MEMBERS, self.current_row_id(), spec.id),
            lambda spec, value: self.session.set_cell(MEMBERS, self.current_row_id(),
                                                      spec.id, value),
            lambda spec: cell_key(MEMBERS, self.current_row_id(), spec.id))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_detail()
        self._show_cell_problem(current)

    def _update_detail(self) -> None:
        row = self.session.rows(MEMBERS).index(self.session.row(MEMBERS, self.current_row_id()))
        name = self.session.member_label(self.current_row_id())
        self.detail_box.setTitle(i18n._("Member {number}: {name}").format(
            number=row + 1, name=name or "—"))
        self.detail.refresh()
        self._show_on_record()

    def _show_on_record(self) -> None:
        """The member's disability on record (group and term), where the desk has one; said
        to differ when the group typed is another. Nothing typed is changed here."""
        row_id = self.current_row_id()
        iin = str(self.session.cell(MEMBERS, row_id, "member_iin") or "").strip()
        said = None
        if len(iin) == 12 and self.session.member_facts is not None:
            if iin not in self._records:
                self._records[iin] = disabilities.disability_of(self.context.db, iin)
            said = disabilities.on_record(
                self._records[iin], self.session.cell(MEMBERS, row_id, "member_disability"))
        self.on_record.setText(i18n.render(said) if said is not None else "")
        self.on_record.setVisible(said is not None)

    def _show_cell_problem(self, index: QModelIndex) -> None:
        if not index.isValid():
            self.cell_problem.clear()
            return
        problems = self.session.problems.get(self.model.key(index), ())
        text = "\n".join(i18n.render(p.message) for p in problems
                         if self.detail.show_required or p.code != "required")
        self.cell_problem.setText(text)

    # --- rows -----------------------------------------------------------------------------

    def add_member(self) -> None:
        if self.session.read_only:
            return
        row = self.model.add_row()
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.setFocus()
        self.table.edit(self.model.index(row, 0))

    def remove_member(self) -> None:
        row = self.table.currentIndex().row()
        if self.session.read_only or row <= 0:
            return
        self.model.remove_row(row)
        self.table.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))
        self._check_other_cases()

    # --- edits ----------------------------------------------------------------------------

    def _table_edited(self, keys: set[str]) -> None:
        self._show_cell_problem(self.table.currentIndex())
        self.detail.refresh(keys)
        if any(k.endswith("/member_iin") for k in keys):
            self._check_other_cases()
        self._update_detail()
        self.edited.emit(keys)

    def _detail_edited(self, keys: set[str]) -> None:
        self.model.changed(keys)
        if any(k.endswith("/member_disability") for k in keys):
            self._show_on_record()
        self.edited.emit(keys)

    def refresh(self, keys: set[str] | None = None) -> None:
        if keys is None:
            self.model.reload()
            self.detail.refresh()
        else:
            self.model.changed(keys)
            self.detail.refresh(keys)

    def set_show_required(self, show: bool) -> None:
        self.detail.set_show_required(show)

    # --- other open cases -----------------------------------------------------------------

    def _check_other_cases(self) -> None:
        iins = tuple(str(row.get("member_iin") or "").strip()
                     for row in self.session.rows(MEMBERS))
        if iins == self._checked_iins:  # a name typed, a problem changed: the IINs did not
            return
        self._checked_iins = iins
        lines = []
        self._other = {}
        for row in self.session.rows(MEMBERS):
            iin = str(row.get("member_iin") or "").strip()
            if len(iin) != 12:
                continue
            for case in other_open_applications_with_iin(
                    self.context.db, iin, exclude_draft=self.session.draft_id):
                if case.case_id == self.session.application_id:
                    continue
                label = case.registration_number or i18n._("draft")
                link = f'<a href="{case.kind}:{case.case_id}">{escape(label)}</a>'
                lines.append(i18n._("IIN {iin} is also in an open case {link} ({name}, {status})")
                             .format(iin=iin, link=link, name=escape(case.applicant_name),
                                     status=escape(status_label(case.status))))
        self.duplicates.setText("<br>".join(lines))
        self.duplicates.setVisible(bool(lines))

    def _link(self, target: str) -> None:
        kind, _sep, case_id = target.partition(":")
        self.open_case.emit(kind, case_id)

    def column(self, field_id: str) -> int:
        return [spec.id for spec in self.model.columns].index(field_id)

    def first_field(self) -> QWidget:
        return self.table

    def detail_spec(self, field_id: str) -> FieldSpec:
        return next(s for s in self.detail.specs if s.id == field_id)
