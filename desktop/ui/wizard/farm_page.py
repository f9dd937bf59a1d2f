"""Page 4: personal subsidiary farming — land objects as printed, livestock by kind and age."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop import i18n
from desktop.domain.intake_session import LAND, LIVESTOCK, IntakeSession
from desktop.services.intake import IntakeContext
from desktop.ui.wizard.live_rules import live_assessment
from desktop.ui.wizard.page_base import WizardPage, problem_label, shortcut, table_view
from desktop.ui.wizard.session_table import SessionTableModel
from desktop.ui.wizard.summary import AssessmentSummary

ADD_ANIMALS = QKeySequence("Ctrl+L")
REMOVE_ROW = QKeySequence("Ctrl+Delete")


class FarmPage(WizardPage):
    step = "farm"

    def __init__(self, session: IntakeSession, context: IntakeContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, context, parent)
        land_spec, animals_spec = session.field("farm_objects"), session.field("livestock")
        self.land_model = SessionTableModel(session, LAND, list(land_spec.columns))
        self.land_model.edited.connect(self._edited)
        self.land_table = table_view(self.land_model, "farm_objects")
        self.model = SessionTableModel(session, LIVESTOCK, list(animals_spec.columns))
        self.model.edited.connect(self._edited)
        self.table = table_view(self.model, "livestock")
        self.cell_problem = problem_label("farm_cell_problem")
        self.add_button = QPushButton(i18n._("&Add animals (Ctrl+L)"), objectName="add_livestock")
        self.add_button.clicked.connect(self.add_animals)
        self.remove_button = QPushButton(i18n._("Remove row (Ctrl+Del)"),
                                         objectName="remove_livestock")
        self.remove_button.clicked.connect(self.remove_animals)
        self.summary = AssessmentSummary()

        land_box = QGroupBox(land_spec.label.text(i18n.current_language()))
        QVBoxLayout(land_box).addWidget(self.land_table)
        animals_box = QGroupBox(animals_spec.label.text(i18n.current_language()))
        animals_layout = QVBoxLayout(animals_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        animals_layout.addLayout(buttons)
        animals_layout.addWidget(self.table)
        left = QVBoxLayout()
        left.addWidget(land_box, 1)
        left.addWidget(animals_box, 1)
        left.addWidget(self.cell_problem)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addWidget(self.summary, 0, Qt.AlignmentFlag.AlignTop)
        for keys, slot in ((ADD_ANIMALS, self.add_animals), (REMOVE_ROW, self.remove_animals)):
            shortcut(self, keys, slot)

    def add_animals(self) -> None:
        if self.session.read_only:
            return
        row = self.model.add_row()
        self.table.setFocus()
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.edit(self.model.index(row, 0))

    def remove_animals(self) -> None:
        row = self.table.currentIndex().row()
        if not self.session.read_only and row >= 0:
            self.model.remove_row(row)

    def _edited(self, keys: set[str]) -> None:
        problems = [p for k in keys for p in self.session.problems.get(k, ())]
        self.cell_problem.setText("\n".join(i18n.render(p.message) for p in problems))
        self.summary.show_live(live_assessment(self.session, self.context))
        self.edited.emit(keys)

    def entered(self) -> None:
        self.summary.show_live(live_assessment(self.session, self.context))
