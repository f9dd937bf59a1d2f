"""The main window's Documents menu and the journal row's context menu.

Keeps ``main_window.py`` small: it owns the print dialogs it opens. The printing layer and
the printouts service load when the first dialog opens, not with the main window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from desktop import i18n
from desktop.i18n import _
from desktop.storage.database import Database
from desktop.ui.journal_view import JournalView
from desktop.ui.wizard.desk import bring_to_front

if TYPE_CHECKING:
    from desktop.ui.printing.print_dialog import PrintDialog


class DocumentsMenu(QObject):
    """``menu``: Documents → Print documents… (Ctrl+P), Open the application; the same and a
    direct list of the row's documents on a journal row's context menu. ``extra_actions``
    (the akimat's transfer registry, amendments) are added by their own modules."""

    def __init__(self, db: Database, journal: JournalView,
                 open_application: Callable[[str], object], parent: QWidget) -> None:
        super().__init__(parent)
        self.db = db
        self.journal = journal
        self.open_application = open_application
        self.parent_widget = parent
        self.dialogs: list[PrintDialog] = []
        self.menu = QMenu(parent, objectName="menu_documents")
        self.action_print = QAction(parent, objectName="action_print_documents")
        self.action_print.setShortcut(QKeySequence.StandardKey.Print)
        self.action_print.triggered.connect(self.print_selected)
        self.action_open = QAction(parent, objectName="action_open_application")
        self.action_open.triggered.connect(self.open_selected)
        self.action_journal = QAction(parent, objectName="action_print_journal")
        self.action_journal.triggered.connect(self.print_journal)
        self.menu.addAction(self.action_print)
        self.menu.addAction(self.action_open)
        self.menu.addAction(self.action_journal)
        self.menu.aboutToShow.connect(self._update_enabled)
        self.row_actions: list[tuple[QAction, Callable[[str], object]]] = []
        self.retranslators: list[Callable[[], None]] = []  # of the actions others add
        journal.row_menu_requested.connect(self.show_row_menu)
        from desktop.ui.amend.action import AmendAction

        self.amend_action = AmendAction(self, db, journal.refresh)

    def add_row_action(self, action: QAction, slot: Callable[[str], object]) -> None:
        """An action of the row's context menu and of this menu, run on the selected row."""
        self.row_actions.append((action, slot))
        self.menu.addAction(action)
        action.triggered.connect(lambda: self._on_selected(slot))

    def _on_selected(self, slot: Callable[[str], object]) -> None:
        application_id = self.journal.selected_application_id()
        if application_id is not None:
            slot(application_id)

    def _update_enabled(self) -> None:
        selected = self.journal.selected_application_id() is not None
        self.action_print.setEnabled(selected)
        self.action_open.setEnabled(selected)
        for action, _slot in self.row_actions:
            action.setEnabled(selected)

    def retranslate(self) -> None:
        self.menu.setTitle(_("&Documents"))
        self.action_print.setText(_("&Print documents…"))
        self.action_open.setText(_("&Open the application"))
        self.action_journal.setText(_("Applications &journal for a period…"))
        for retranslate in self.retranslators:
            retranslate()
        for dialog in self.dialogs:
            dialog.refresh()

    # --- actions ----------------------------------------------------------------------------

    def print_selected(self) -> PrintDialog | None:
        application_id = self.journal.selected_application_id()
        return None if application_id is None else self.print_application(application_id)

    def open_selected(self) -> None:
        self._on_selected(self.open_application)

    def print_application(self, application_id: str, kind: str | None = None) -> PrintDialog:
        from desktop.ui.printing.print_dialog import PrintDialog

        for dialog in self.dialogs:
            if dialog.application_id == application_id:
                if kind:
                    dialog.set_kind(kind)
                dialog.show()
                bring_to_front(dialog)
                return dialog
        dialog = PrintDialog(self.db, application_id, self.parent_widget, kind=kind)
        dialog.finished.connect(lambda _r, d=dialog: self._forget(d))
        self.dialogs.append(dialog)
        dialog.show()
        return dialog

    def print_journal(self) -> QDialog:
        """The period, then the journal's print preview."""
        from desktop.ui.printing.journal_dialog import JournalPeriodDialog

        dialog = JournalPeriodDialog(self.db, self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.journal_dialog = dialog
        return dialog

    def _forget(self, dialog: PrintDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()

    def row_menu(self, application_id: str) -> QMenu:
        """The context menu of one journal row: open, print, each document, extra actions."""
        from desktop.services import printouts

        menu = QMenu(self.parent_widget, objectName="journal_row_menu")
        menu.addAction(_("&Open the application"),
                       lambda: self.open_application(application_id))
        menu.addAction(_("&Print documents…"), lambda: self.print_application(application_id))
        kinds = printouts.available_documents(self.db, application_id)
        if kinds:
            documents = menu.addMenu(_("Print a document"))
            documents.setObjectName("journal_row_documents")
            for spec in printouts.DOCUMENTS:
                if spec.kind in kinds:
                    documents.addAction(i18n.render(spec.label),
                                        lambda k=spec.kind.value:
                                        self.print_application(application_id, k))
        if self.row_actions:
            menu.addSeparator()
            for action, slot in self.row_actions:
                menu.addAction(action.text(), lambda s=slot: s(application_id))
        return menu

    def show_row_menu(self, application_id: str, position: QPoint) -> None:
        menu = self.row_menu(application_id)
        menu.exec(position)
        menu.deleteLater()
