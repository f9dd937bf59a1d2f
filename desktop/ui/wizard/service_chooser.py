"""New application, first question: which service (Ctrl+N).

A type-to-filter list of the services the desk takes today, its most used first (then the
catalogue's order); Enter or a double click takes the highlighted one, Esc cancels. The
services not provided at a district desk are listed apart, greyed, each with where the
applicant goes instead: they are there so the specialist can say so, and cannot be chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.catalog import Service
from desktop.services.service_choice import ServiceChoices, matches, where_to_go

CODE = Qt.ItemDataRole.UserRole
GREY = QColor("#6b6b6b")


class ServiceChooser(QDialog):
    """Signals: chosen(str service code) when a service is taken (the dialog closes)."""

    chosen = Signal(str)

    def __init__(self, choices: ServiceChoices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("service_chooser")
        self.choices = choices
        self.code = ""
        lang = i18n.current_language()
        self.setWindowTitle(i18n._("New application: which service?"))
        self.prompt = QLabel(i18n._("Type a few letters of the service's name, then Enter."),
                             objectName="chooser_prompt")
        self.filter = QLineEdit(objectName="chooser_filter")
        self.filter.setPlaceholderText(i18n._("Service name, in Kazakh or Russian"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget(objectName="chooser_list")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.empty = QLabel(objectName="chooser_empty")
        self.empty.setStyleSheet("color: #6b6b6b;")
        self.elsewhere_label = QLabel(i18n._("Not provided here: where the applicant goes"),
                                      objectName="chooser_elsewhere_label")
        self.elsewhere = QListWidget(objectName="chooser_elsewhere")
        self.elsewhere.setWordWrap(True)
        self.elsewhere.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.elsewhere.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(i18n._("&Choose"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(i18n._("Cancel"))
        self.buttons.accepted.connect(self.take)
        self.buttons.rejected.connect(self.reject)
        for service in choices.available:
            uses = choices.uses.get(service.code, 0)
            text = service.short_title.text(lang)
            if uses:
                text += "  " + i18n.ngettext("({n} application)", "({n} applications)",
                                             uses).format(n=uses)
            item = QListWidgetItem(text, self.list)
            item.setData(CODE, service.code)
            item.setToolTip(service.title.text(lang))
        for service in choices.not_provided:
            item = QListWidgetItem(self._elsewhere_text(service, lang), self.elsewhere)
            item.setData(CODE, service.code)
            item.setFlags(Qt.ItemFlag.NoItemFlags)  # greyed, never chosen
            item.setForeground(QBrush(GREY))
            item.setToolTip(service.title.text(lang))
        self.list.itemDoubleClicked.connect(lambda _item: self.take())
        self.list.currentRowChanged.connect(lambda _row: self._update_ok())
        self.filter.textChanged.connect(self.apply_filter)
        self.filter.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 3)
        layout.addWidget(self.empty)
        layout.addWidget(self.elsewhere_label)
        layout.addWidget(self.elsewhere, 2)
        layout.addWidget(self.buttons)
        self.resize(620, 520)
        self.apply_filter("")
        self.filter.setFocus(Qt.FocusReason.OtherFocusReason)

    @staticmethod
    def _elsewhere_text(service: Service, lang: str) -> str:
        where = where_to_go(service, lang)
        name = service.short_title.text(lang)
        return f"{name} — {where}" if where else name

    def _services(self) -> dict[str, Service]:
        return {s.code: s for s in (*self.choices.available, *self.choices.not_provided)}

    def apply_filter(self, typed: str) -> None:
        """Show the services whose names hold every word typed; highlight the first."""
        services = self._services()
        first = -1
        for row in range(self.list.count()):
            item = self.list.item(row)
            shown = matches(services[item.data(CODE)], typed)
            item.setHidden(not shown)
            if shown and first < 0:
                first = row
        for row in range(self.elsewhere.count()):
            item = self.elsewhere.item(row)
            item.setHidden(not matches(services[item.data(CODE)], typed))
        hidden_elsewhere = all(self.elsewhere.item(r).isHidden()
                               for r in range(self.elsewhere.count()))
        self.elsewhere.setVisible(not hidden_elsewhere)
        self.elsewhere_label.setVisible(not hidden_elsewhere)
        self.list.setCurrentRow(first)
        self.empty.setText("" if first >= 0 else i18n._(
            "No service taken here has this name."))
        self.empty.setVisible(first < 0)
        self._update_ok()

    def visible_codes(self) -> list[str]:
        return [self.list.item(r).data(CODE) for r in range(self.list.count())
                if not self.list.item(r).isHidden()]

    def current_code(self) -> str:
        item = self.list.currentItem()
        return str(item.data(CODE)) if item is not None and not item.isHidden() else ""

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.current_code()))

    def take(self) -> None:
        code = self.current_code()
        if not code:
            return
        self.code = code
        self.accept()
        self.chosen.emit(code)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the filter move the highlight; Enter takes it."""
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
                       Qt.Key.Key_PageDown):
                self._move(key)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.take()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.take()
            return
        super().keyPressEvent(event)

    def _move(self, key: int) -> None:
        rows = [r for r in range(self.list.count()) if not self.list.item(r).isHidden()]
        if not rows:
            return
        current = self.list.currentRow()
        at = rows.index(current) if current in rows else -1
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -5,
                Qt.Key.Key_PageDown: 5}[Qt.Key(key)]
        self.list.setCurrentRow(rows[max(0, min(len(rows) - 1, at + step))])
