"""A step of a service's own wizard made from its sheets' pages as they are declared.

The fields outside tables are a ``FormSection`` per page (as the application page's); each
table (``details.work_history[]``, the minor children) is a grid whose rows are added and
removed with buttons or Ctrl+Insert and Ctrl+Delete. АСП's steps keep their own pages.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.domain.intake_session import IntakeSession
from desktop.formspec.model import FieldSpec, FieldType
from desktop.services.intake import IntakeContext
from desktop.ui.wizard.form_section import FormSection, session_binding
from desktop.ui.wizard.page_base import shortcut, table_view
from desktop.ui.wizard.sectioned_page import SectionedPage
from desktop.ui.wizard.session_table import SessionTableModel

ADD_ROW = QKeySequence("Ctrl+Insert")
REMOVE_ROW = QKeySequence("Ctrl+Delete")


class TableBox(QGroupBox):
    """One table field of a sheet: its grid and the buttons that add and remove rows."""

    def __init__(self, session: IntakeSession, spec: FieldSpec, page: FormPage) -> None:
        super().__init__(spec.label.text(i18n.current_language()),
                         objectName=f"group_{spec.id}")
        self.session = session
        self.spec = spec
        self.model = SessionTableModel(session, spec.binding, list(spec.columns))
        self.model.edited.connect(page._edited)
        self.table: QTableView = table_view(self.model, spec.id)
        self.table.setMinimumHeight(140)
        self.add_button = QPushButton(i18n._("Add a row (Ctrl+Insert)"),
                                      objectName=f"add_{spec.id}")
        self.remove_button = QPushButton(i18n._("Remove the row (Ctrl+Delete)"),
                                         objectName=f"remove_{spec.id}")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.add_button.setEnabled(not session.read_only)
        self.remove_button.setEnabled(not session.read_only)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.page = page

    def add_row(self) -> None:
        if self.session.read_only:
            return
        row_id = self.session.add_row(self.spec.binding)
        self.model.refresh_all()
        row = self.model.rowCount() - 1
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.page._edited({row_id})

    def remove_row(self) -> None:
        rows = self.session.rows(self.spec.binding)
        index = self.table.currentIndex()
        if self.session.read_only or not index.isValid() or index.row() >= len(rows):
            return
        row_id = rows[index.row()]["row_id"]
        self.session.remove_row(self.spec.binding, row_id)
        self.model.refresh_all()
        self.page._edited({row_id})


class FormPage(SectionedPage):
    """The pages of one step of a service's wizard, in paper order."""

    def __init__(self, step: str, session: IntakeSession, context: IntakeContext,
                 parent: QWidget | None = None) -> None:
        self.step = step
        super().__init__(session, context, parent)
        lang = i18n.current_language()
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 4, 12, 4)
        self.sections: list[FormSection] = []
        self.tables: list[TableBox] = []
        for form_id, page_id in dict(session.steps)[step]:
            page = session.forms[form_id].page(page_id)
            plain: list[FieldSpec] = []
            for spec in page.fields:
                if spec.type is FieldType.TABLE:
                    self._add_section(layout, page.title.text(lang), plain)
                    plain = []
                    box = TableBox(session, spec, self)
                    layout.addWidget(box)
                    self.tables.append(box)
                else:
                    plain.append(spec)
            self._add_section(layout, page.title.text(lang), plain)
        layout.addStretch(1)
        self.fill_categories()
        scroll = QScrollArea(objectName=f"{step}_scroll")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        shortcut(self, ADD_ROW, self._add_current)
        shortcut(self, REMOVE_ROW, self._remove_current)

    def _add_section(self, layout: QVBoxLayout, title: str, specs: list[FieldSpec]) -> None:
        if not specs:
            return
        box = QGroupBox(title, objectName=f"group_{specs[0].id}")
        inner = QVBoxLayout(box)
        section = FormSection(self.session, specs, session_binding(self.session), columns=2)
        section.edited.connect(self._edited)
        inner.addWidget(section)
        layout.addWidget(box)
        self.sections.append(section)

    def _box_with_focus(self) -> TableBox | None:
        for box in self.tables:
            if box.isAncestorOf(self.focusWidget() or self):
                return box
        return self.tables[0] if len(self.tables) == 1 else None

    def _add_current(self) -> None:
        box = self._box_with_focus()
        if box is not None:
            box.add_row()

    def _remove_current(self) -> None:
        box = self._box_with_focus()
        if box is not None:
            box.remove_row()

    def refresh(self, keys: set[str] | None = None) -> None:
        super().refresh(keys)
        for box in self.tables:
            box.model.refresh_all()

