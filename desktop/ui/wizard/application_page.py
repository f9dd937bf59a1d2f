"""Page 1: the application (өтініш / заявление) — applicant, document, bank, representative."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop import i18n
from desktop.domain.intake_session import IntakeSession, intake_place
from desktop.domain.text import N_
from desktop.formspec.model import FieldSpec, LocalizedText
from desktop.services.intake import IntakeContext
from desktop.ui.wizard import field_widgets as fw
from desktop.ui.wizard.form_section import FormSection, session_binding
from desktop.ui.wizard.sectioned_page import SectionedPage

# Sub-headings of the long first page, by the first field id of each group.
GROUPS = {
    "office": N_("Applicant"),
    "applicant_id_kind": N_("Identity document"),
    "applicant_bank_name": N_("Bank details"),
}
# Where the applicant's address begins when it follows the identity document (the other
# services' forms; АСП's keeps it with the applicant): its first field, whichever it is.
ADDRESS_STARTS = ("applicant_region", "applicant_district", "applicant_locality")
ADDRESS = N_("Address")


class ApplicationPage(SectionedPage):
    step = "application"

    def __init__(self, session: IntakeSession, context: IntakeContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, context, parent)
        lang = i18n.current_language()
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 4, 12, 4)
        self.sections: list[FormSection] = []
        place = intake_place(session)
        if place is not None:  # the edition in force names where applications are taken in
            self.intake_label = QLabel(i18n._("Place of intake: {place}").format(
                place=place.text(lang)), objectName="intake_place")
            self.intake_label.setWordWrap(True)
            layout.addWidget(self.intake_label)
        for form_id, page_id in dict(session.steps)[self.step]:
            page = session.forms[form_id].page(page_id)
            for title, specs in self._groups(list(page.fields), page.title.text(lang)):
                box = QGroupBox(title, objectName=f"group_{specs[0].id}")
                inner = QVBoxLayout(box)
                section = FormSection(session, specs, session_binding(session),
                                      columns=1 if page_id == "consents" else 2)
                section.edited.connect(self._edited)
                inner.addWidget(section)
                layout.addWidget(box)
                self.sections.append(section)
        layout.addStretch(1)
        office = self.editor("office")
        assert isinstance(office, QComboBox)
        name = context.office_info.name
        label = name.text(lang) if isinstance(name, LocalizedText) else str(name)
        fw.fill_combo(office, session.field("office"), lang, [(context.office.code, label)])
        fw.write(session.field("office"), office, session.value("office"))
        office.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the desk's own: nothing to choose
        self.fill_categories()
        scroll = QScrollArea(objectName="application_scroll")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _groups(self, specs: list[FieldSpec],
                page_title: str) -> list[tuple[str, list[FieldSpec]]]:
        groups: list[tuple[str, list[FieldSpec]]] = []
        for spec in specs:
            if spec.id in GROUPS or not groups:
                title = i18n._(GROUPS[spec.id]) if spec.id in GROUPS else page_title
                groups.append((title, []))
            elif spec.id in ADDRESS_STARTS and groups[-1][0] == i18n._(GROUPS["applicant_id_kind"]):
                groups.append((i18n._(ADDRESS), []))
            groups[-1][1].append(spec)
        return groups

