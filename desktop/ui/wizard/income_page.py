"""Page 3: the income sheet of the quarter the rules prescribe, with live totals.

Above, each member's place of work or study; below, the incomes as a grid: a line per member
and kind of income with the quarter's three months side by side (``IncomeGridModel``).
Ctrl+I adds a line for the next member in family order, with the cursor on its kind.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.domain.income_grid import MEMBER
from desktop.domain.intake_session import MEMBERS, ROW_ID, IntakeSession
from desktop.domain.quarters import quarter_text
from desktop.formspec.model import FieldSpec
from desktop.services.intake import IntakeContext
from desktop.ui.wizard.income_grid import IncomeGridModel
from desktop.ui.wizard.live_rules import live_assessment
from desktop.ui.wizard.page_base import WizardPage, problem_label, shortcut, table_view
from desktop.ui.wizard.session_table import SessionTableModel
from desktop.ui.wizard.summary import AssessmentSummary

ADD_INCOME = QKeySequence("Ctrl+I")
REMOVE_ROW = QKeySequence("Ctrl+Delete")


class IncomePage(WizardPage):
    step = "income"

    def __init__(self, session: IntakeSession, context: IntakeContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, context, parent)
        self.heading = QLabel(objectName="income_quarter")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        members_spec = session.field("income_members")
        self.members_model = SessionTableModel(session, MEMBERS, list(members_spec.columns))
        self.members_model.computed["income_member_name"] = (
            lambda row: session.member_label(str(row[ROW_ID])))
        self.members_model.edited.connect(self._edited)
        self.members_table = table_view(self.members_model, "income_members")
        self.model = IncomeGridModel(session, session.field("income_entries"),
                                     choices=self._member_choices)
        self.model.edited.connect(self._edited)
        self.table = table_view(self.model, "income_entries")
        self.table.selectionModel().currentChanged.connect(lambda *_a: self._cell_problem())
        self._fit_columns()
        self.cell_problem = problem_label("income_cell_problem")
        self.add_button = QPushButton(i18n._("&Add income (Ctrl+I)"), objectName="add_income")
        self.add_button.clicked.connect(self.add_income)
        self.remove_button = QPushButton(i18n._("Remove row (Ctrl+Del)"),
                                         objectName="remove_income")
        self.remove_button.clicked.connect(self.remove_income)
        self.summary = AssessmentSummary()

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        entries = QWidget()
        entries_layout = QVBoxLayout(entries)
        entries_layout.setContentsMargins(0, 0, 0, 0)
        entries_layout.addLayout(buttons)
        entries_layout.addWidget(self.table, 1)
        entries_layout.addWidget(self.cell_problem)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.members_table)
        splitter.addWidget(entries)
        splitter.setStretchFactor(1, 2)
        left = QVBoxLayout()
        left.addWidget(self.heading)
        left.addWidget(splitter, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addWidget(self.summary, 0, Qt.AlignmentFlag.AlignTop)
        for keys, slot in ((ADD_INCOME, self.add_income), (REMOVE_ROW, self.remove_income)):
            shortcut(self, keys, slot)
        self._retitle()
        self._seen = -1

    def _retitle(self) -> None:
        quarter = i18n.render(quarter_text(self.session.income_quarter))
        self.heading.setText(i18n._("Incomes received in {quarter}").format(quarter=quarter))

    def _member_choices(self, spec: FieldSpec) -> list[tuple[str, str]]:
        rows = self.session.rows(MEMBERS)
        return [(str(r[ROW_ID]), self.session.member_label(str(r[ROW_ID])) or f"{n + 1}")
                for n, r in enumerate(rows)]

    def _fit_columns(self) -> None:
        """The amounts and the marks as wide as a sum needs; the member's name and the kind
        share the rest, so the whole line is in sight at 1366 pixels."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        metrics = header.fontMetrics()
        for column in range(self.model.columnCount()):
            column_id = self.model.column_id(column)
            if column_id in (MEMBER, "income_kind"):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
                continue
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            longest = max((metrics.horizontalAdvance(word) for word in title.split()),
                          default=0)  # the heading wraps between words, never inside one
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, max(82, longest + 14))

    def next_member(self) -> str:
        """Whose line Ctrl+I adds: the member after the last line's, in family order."""
        rows = self.session.rows(MEMBERS)
        ids = [str(r[ROW_ID]) for r in rows]
        lines = self.model.grid.lines()
        if not lines:
            return ids[0]
        last = self.session.cell("incomes[]", lines[-1].anchor, MEMBER)
        return ids[(ids.index(last) + 1) % len(ids)] if last in ids else ids[0]

    def add_income(self) -> None:
        if self.session.read_only:
            return
        row = self.model.add_line(self.next_member())
        kind = self.model.index(row, self.model.column("income_kind"))
        self.table.setFocus()
        self.table.setCurrentIndex(kind)
        self.table.edit(kind)

    def remove_income(self) -> None:
        row = self.table.currentIndex().row()
        if self.session.read_only or row < 0:
            return
        self.model.remove_line(row)

    def _cell_problem(self) -> None:
        index = self.table.currentIndex()
        problems = self.model.problems(index) if index.isValid() else []
        self.cell_problem.setText("\n".join(i18n.render(p.message) for p in problems))

    def _edited(self, keys: set[str]) -> None:
        self._cell_problem()
        self.recalculate()
        self.edited.emit(keys)

    def recalculate(self) -> None:
        self.summary.show_live(live_assessment(self.session, self.context))

    def entered(self) -> None:
        if self._seen == self.session.revision:
            return  # nothing changed elsewhere since this page was last shown
        self.members_model.refresh_all()
        self.model.refresh_all()
        self.recalculate()
        self._seen = self.session.revision

    def refresh(self, keys: set[str] | None = None) -> None:
        if keys is None:
            self.entered()

    def first_field(self) -> QWidget:
        return self.table
