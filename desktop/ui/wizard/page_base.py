"""What every wizard page has: the session, a title, an ``edited`` signal, a refresh, and the
keyboard: the field the cursor starts in, Enter to the next field (and from the last one to
the next page), tables whose Tab walks only the cells that take input."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableView,
    QWidget,
)

from desktop.domain.intake_session import IntakeSession
from desktop.services.intake import IntakeContext
from desktop.ui.field_row import PROBLEM_STYLE
from desktop.ui.wizard.session_table import FieldDelegate


class WizardPage(QWidget):
    """Signals: edited(set): keys the user changed on this page; finished(): Enter was
    pressed in the page's last field (the window goes on to the next page)."""

    edited = Signal(object)
    finished = Signal()
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

    def first_field(self) -> QWidget | None:
        """Where the cursor goes when the page is shown: its first field that takes input."""
        return self.next_field(self, include=True)

    def next_field(self, after: QWidget, *, include: bool = False) -> QWidget | None:
        """The field Tab goes to from ``after`` if it is on this page (None: Tab would leave
        the page, ``after`` is its last field)."""
        widget = after if include else after.nextInFocusChain()
        for _ in range(5000):  # the window's chain is finite; never loop for ever
            if self.isAncestorOf(widget):
                if takes_input(widget):
                    return widget
            elif widget.isVisibleTo(widget.window()) and widget.isEnabled() \
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                return None  # out of the page: the steps list, the buttons
            widget = widget.nextInFocusChain()
            if widget is after:
                return None
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter moves on to the next field, as Tab does (keyboard-first desk); in the page's
        last field it goes on to the next page."""
        focus = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(
                focus, QLineEdit | QComboBox | QCheckBox) and not event.modifiers():
            following = self.next_field(focus)
            if following is None:
                self.finished.emit()
            else:
                following.setFocus(Qt.FocusReason.TabFocusReason)
                reveal(following)
            return
        super().keyPressEvent(event)


def reveal(widget: QWidget) -> None:
    """Scroll the page so that ``widget`` is in sight (a long page in a scroll area)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if isinstance(parent, QScrollArea):
        parent.ensureWidgetVisible(widget)


def takes_input(widget: QWidget) -> bool:
    """A widget Tab stops at that the person can change: shown, enabled, not read-only."""
    if not (widget.isVisibleTo(widget.window()) and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
        return False
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly()
    return isinstance(widget, QComboBox | QCheckBox | QAbstractItemView)


def problem_label(name: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setStyleSheet(PROBLEM_STYLE)
    label.setWordWrap(True)
    return label


class KeyTable(QTableView):
    """A table for the keyboard: Tab and Shift+Tab go only to cells that take input (an
    editable or a tickable cell); with ``leave_at_row_end``, Tab from a row's last such cell
    leaves the table for the next field instead of going on to the next row."""

    leave_at_row_end = False

    def start(self) -> None:
        """Put the cell cursor on the first cell that takes input, if it is nowhere yet."""
        if self.currentIndex().isValid() or not self.model().rowCount():
            return
        first = self.model().index(0, 0)
        if not self._takes_input(first):
            first = self._step(first, True)
        if first.isValid():
            self.setCurrentIndex(first)

    def _takes_input(self, index: QModelIndex) -> bool:
        flags = index.flags()
        return bool(flags & (Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable))

    def _step(self, index: QModelIndex, forward: bool) -> QModelIndex:
        model: QAbstractItemModel = self.model()
        row, column = index.row(), index.column()
        columns = model.columnCount()
        while True:
            column += 1 if forward else -1
            if column >= columns:
                if self.leave_at_row_end or row + 1 >= model.rowCount():
                    return QModelIndex()
                row, column = row + 1, 0
            elif column < 0:
                if row == 0:
                    return QModelIndex()
                row, column = row - 1, columns - 1
            candidate = model.index(row, column)
            if self._takes_input(candidate):
                return candidate

    def moveCursor(self, cursorAction: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        action = QAbstractItemView.CursorAction
        if cursorAction in (action.MoveNext, action.MovePrevious) and self.currentIndex().isValid():
            return self._step(self.currentIndex(), cursorAction == action.MoveNext)
        return super().moveCursor(cursorAction, modifiers)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        ends = QAbstractItemDelegate.EndEditHint
        if hint in (ends.EditNextItem, ends.EditPreviousItem) and self.currentIndex().isValid() \
                and not self._step(self.currentIndex(), hint == ends.EditNextItem).isValid():
            super().closeEditor(editor, ends.NoHint)  # the row's end: on to the next field
            self.focusNextPrevChild(hint == ends.EditNextItem)
            return
        super().closeEditor(editor, hint)

    def focusNextPrevChild(self, next: bool) -> bool:  # Qt's own argument name
        current = self.currentIndex()
        if current.isValid() and self._step(current, next).isValid():
            return super().focusNextPrevChild(next)
        return QWidget.focusNextPrevChild(self, next)  # out of the table


def table_view(model: QAbstractItemModel, name: str) -> QTableView:
    """A keyboard-friendly table: Tab walks the cells that take input, typing starts
    editing."""
    view = KeyTable(objectName=name)
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
    # A long official title («Мемлекеттік ақпараттық жүйелерден алынды») wraps to more lines
    # than 46 px hold in a narrow column: the header grows to its tallest wrapped title.
    header.sectionResized.connect(lambda *_: fit_header_height(header))
    header.geometriesChanged.connect(lambda: fit_header_height(header))
    model.headerDataChanged.connect(lambda *_: fit_header_height(header))
    view.verticalHeader().setDefaultSectionSize(26)
    return view


HEADER_PADDING = 10  # px above and below a header's wrapped title


def fit_header_height(header: QHeaderView) -> None:
    """Make ``header`` as tall as its tallest title wrapped to its section's width."""
    model = header.model()
    if model is None:
        return
    metrics = header.fontMetrics()
    tallest = 0
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text:
            continue
        width = max(header.sectionSize(section) - 8, 1)
        rect = metrics.boundingRect(0, 0, width, 10_000, Qt.TextFlag.TextWordWrap.value, text)
        tallest = max(tallest, rect.height())
    needed = max(46, tallest + HEADER_PADDING)
    if header.minimumHeight() != needed:
        header.setMinimumHeight(needed)


def shortcut(page: QWidget, keys: QKeySequence, slot: Callable[[], object]) -> QShortcut:
    """A key of this page only (pages not shown do not answer it)."""
    action = QShortcut(keys, page)
    action.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.activated.connect(slot)
    return action
