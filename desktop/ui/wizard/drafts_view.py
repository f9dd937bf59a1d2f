"""The list of open drafts beside the journal: continue where the desk stopped."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.services.drafts import discard_draft, list_open_drafts
from desktop.storage.database import Database


class DraftsView(QWidget):
    """Signals: continue_requested(str): open this draft in the wizard."""

    continue_requested = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("drafts_view")
        self.title = QLabel(objectName="drafts_title")
        self.search = QLineEdit(objectName="drafts_search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self.refresh())
        self.search.returnPressed.connect(lambda: self._continue(self.list.currentItem()))
        self.no_match = QLabel(objectName="drafts_no_match")
        self.no_match.setWordWrap(True)
        self.no_match.hide()
        self.list = QListWidget(objectName="drafts_list")
        self.list.itemActivated.connect(lambda item: self._continue(item))
        self.continue_button = QPushButton(objectName="drafts_continue")
        self.continue_button.clicked.connect(lambda: self._continue(self.list.currentItem()))
        self.discard_button = QPushButton(objectName="drafts_discard")
        self.discard_button.clicked.connect(self._discard)
        buttons = QHBoxLayout()
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.discard_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addWidget(self.no_match)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def refresh(self) -> None:
        current = self.list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.list.clear()
        search = self.search.text()
        for draft in list_open_drafts(self.db, search):
            name = draft.applicant_name or i18n._("(no name yet)")
            when = i18n.format_datetime(draft.updated_at.astimezone())
            lines = [name, f"{draft.applicant_iin}  {when}".strip()]
            if draft.refused_at is not None:
                lines.append(i18n._("documents not accepted on {date}").format(
                    date=i18n.format_date(draft.refused_at.astimezone().date())))
            item = QListWidgetItem("\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, draft.draft_id)
            self.list.addItem(item)
            if draft.draft_id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        has = self.list.count() > 0
        self.continue_button.setEnabled(has)
        self.discard_button.setEnabled(has)
        self.title.setText(i18n.ngettext("{n} open draft", "{n} open drafts",
                                         self.list.count()).format(n=self.list.count()))
        self.no_match.setText(i18n._("Nothing found for “{search}”.").format(
            search=search.strip()) if search.strip() and not has else "")
        self.no_match.setVisible(bool(self.no_match.text()))

    def _continue(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.continue_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _discard(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(
            self, i18n._("Delete draft"),
            i18n._("Delete this draft? What was typed in it cannot be restored."))
        if answer == QMessageBox.StandardButton.Yes:
            discard_draft(self.db, str(item.data(Qt.ItemDataRole.UserRole)))
            self.refresh()

    def retranslate(self) -> None:
        self.continue_button.setText(i18n._("&Continue"))
        self.search.setPlaceholderText(i18n._("IIN or surname"))
        self.discard_button.setText(i18n._("Delete draft"))
        self.refresh()
