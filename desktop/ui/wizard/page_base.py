"""What every wizard page has: the session, a title, an ``edited`` signal, a refresh."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

from desktop.domain.intake_session import IntakeSession
from desktop.services.intake import IntakeContext
from desktop.ui.field_row import PROBLEM_STYLE
from desktop.ui.wizard.session_table import FieldDelegate, SessionTableModel


class WizardPage(QWidget):
    """Signals: edited(set): keys the user changed on this page."""

    edited = Signal(object)
    step = ""

    def __init__(self, session: IntakeSession, context: IntakeContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.context = context
        self.setObjectName(f"page_{self.step}")

    def refresh(self, keys: set[str] | None = None) -> None:
        """Show what changed in the session (everything when ``keys`` is None)."""

    def set_show_required(self, show: bool) -> None:
        """Also mark empty required fields (after the user has left the page once)."""

    def entered(self) -> None:
        """The page became the current one."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter moves on to the next field, as Tab does (keyboard-first desk)."""
        focus = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(
                focus, QLineEdit | QComboBox) and not event.modifiers():
            self.focusNextChild()
            return
        super().keyPressEvent(event)


def problem_label(name: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setStyleSheet(PROBLEM_STYLE)
    label.setWordWrap(True)
    return label


def table_view(model: SessionTableModel, name: str) -> QTableView:
    """A keyboard-friendly table: Tab walks the cells, typing starts editing."""
    view = QTableView(objectName=name)
    view.setModel(model)
    view.setItemDelegate(FieldDelegate(view))
    triggers = QAbstractItemView.EditTrigger
    view.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed
                         | triggers.AnyKeyPressed | triggers.SelectedClicked)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(40)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag(
        Qt.TextFlag.TextWordWrap.value))
    header.setMinimumHeight(46)
    view.verticalHeader().setDefaultSectionSize(26)
    return view


def shortcut(page: QWidget, keys: QKeySequence, slot: Callable[[], object]) -> QShortcut:
    """A key of this page only (pages not shown do not answer it)."""
    action = QShortcut(keys, page)
    action.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.activated.connect(slot)
    return action
