"""Documents → Transfer registry…: shown at an akimat workstation only."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from desktop.i18n import _
from desktop.services.workstation import load_setup
from desktop.storage.database import Database
from desktop.ui.printing.documents_menu import DocumentsMenu
from desktop.ui.wizard.desk import bring_to_front

if TYPE_CHECKING:
    from desktop.ui.transfer.transfer_window import TransferWindow


class TransferAction(QAction):
    """Opens the one transfer window; ``changed`` is called after a batch is formed."""

    def __init__(self, documents: DocumentsMenu, db: Database,
                 changed: Callable[[], None]) -> None:
        super().__init__(documents.parent_widget, objectName="action_transfer_registry")
        self.db = db
        self.on_batch = changed
        self.parent_widget = documents.parent_widget
        self.window: TransferWindow | None = None
        documents.menu.addSeparator()
        documents.menu.addAction(self)
        documents.menu.aboutToShow.connect(self.update_visible)
        documents.retranslators.append(self.retranslate)
        self.triggered.connect(self.open_window)
        self.retranslate()
        self.update_visible()

    def retranslate(self) -> None:
        self.setText(_("&Transfer registry…"))
        if self.window is not None:
            self.window.retranslate()
            self.window.refresh()

    def update_visible(self) -> None:
        setup = load_setup(self.db)
        self.setVisible(setup is not None and setup.office_kind == "akimat")

    def open_window(self) -> TransferWindow:
        from desktop.ui.transfer.transfer_window import TransferWindow

        if self.window is None:
            self.window = TransferWindow(self.db, self.parent_widget)
            self.window.changed.connect(self.on_batch)
            self.window.destroyed.connect(self._forget)
        else:
            self.window.refresh()
        self.window.show()
        bring_to_front(self.window)
        return self.window

    def _forget(self) -> None:
        self.window = None
