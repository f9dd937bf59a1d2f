"""Page 5: documents presented — the regulation's checklist for this channel."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop import i18n
from desktop.domain.intake_session import DOCUMENTS, IntakeSession
from desktop.services.intake import IntakeContext
from desktop.ui.wizard.page_base import WizardPage, problem_label, table_view
from desktop.ui.wizard.session_table import SessionTableModel


class DocumentsPage(WizardPage):
    step = "documents"

    def __init__(self, session: IntakeSession, context: IntakeContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, context, parent)
        lang = i18n.current_language()
        spec = session.field("documents_presented")
        self.model = SessionTableModel(session, DOCUMENTS, list(spec.columns))
        documents = session.forms["documents"]
        # every document of a service's list (its checklist follows the kind of aid chosen),
        # АСП's rule set's
        items = {item.document: item for item in
                 (session.service_documents() or session.checklist())}

        def name(row: dict[str, object]) -> str:
            kind = str(row.get("document_kind"))
            item = items.get(kind)
            # АСП's names are the shared sheet's; a service's, its own list's
            text = item.name.text(lang) if not session.asp and item is not None and item.name \
                else documents.document(kind).name.text(lang)
            if item is not None and item.requirement == "conditional" and item.condition \
                    and item.condition.text(lang) not in text:
                text += f" ({item.condition.text(lang)})"
            return text

        self.model.computed["document_kind"] = name
        self.model.edited.connect(self._edited)
        self.table = table_view(self.model, "documents_presented")
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        from PySide6.QtWidgets import QHeaderView

        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = header.fontMetrics()
        for column in range(1, self.model.columnCount()):
            # a title wraps between words, never inside one («государственных» is wider
            # than 105 px): a column is at least as wide as its title's longest word
            title = self.model.headerData(column, Qt.Orientation.Horizontal,
                                          Qt.ItemDataRole.DisplayRole)
            words = str(title or "").split()
            longest = max((metrics.horizontalAdvance(word) for word in words), default=0)
            header.resizeSection(column, max(105, longest + 12))
        # measured once, when first shown with the columns at their width: recomputing
        # wrapped row heights on every show costs a page switch
        self._measured = False
        self._kinds_measured = [row.get("document_kind") for row in session.rows(DOCUMENTS)]
        self.intro = QLabel(spec.label.text(lang))
        self.status = problem_label("documents_status")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self._show_status()

    def _edited(self, keys: set[str]) -> None:
        self._show_status()
        self.edited.emit(keys)

    def _show_status(self) -> None:
        lang = i18n.current_language()
        lines = []
        for issue in self.session.document_problems():
            if issue.problem == "missing":
                lines.append(i18n._("Missing: {name}").format(name=issue.name.text(lang)))
            else:
                lines.append(i18n._("Expired on {date}: {name}").format(
                    date=i18n.format_date(issue.expired_on), name=issue.name.text(lang)))
        self.status.setText("\n".join(lines))
        self.status.setStyleSheet("color: #b3261e;" if lines else "color: #1b5e20;")
        if not lines:
            self.status.setText(i18n._("The set of documents is complete."))

    def first_field(self) -> QWidget:
        """The table, its cursor on the first missing document's "original shown" mark
        (Space ticks it, Down goes to the next document)."""
        missing = {issue.document for issue in self.session.document_problems()
                   if issue.problem == "missing"}
        column = [spec.id for spec in self.model.columns].index("document_original_shown")
        for row, document in enumerate(self.session.rows(DOCUMENTS)):
            if document.get("document_kind") in missing:
                self.table.setCurrentIndex(self.model.index(row, column))
                break
        return self.table

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._measured:
            self._measured = True
            QTimer.singleShot(0, self.table.resizeRowsToContents)

    def entered(self) -> None:
        kinds = [row.get("document_kind") for row in self.session.rows(DOCUMENTS)]
        self.model.refresh_all()
        if self._measured and kinds != self._kinds_measured:
            # the list followed a choice (§12's kind of aid): the new rows' wrapped height
            QTimer.singleShot(0, self.table.resizeRowsToContents)
        self._kinds_measured = kinds
        self._show_status()

    def refresh(self, keys: set[str] | None = None) -> None:
        self.entered()
