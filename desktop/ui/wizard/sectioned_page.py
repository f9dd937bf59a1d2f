"""A wizard page whose fields outside tables are ``FormSection`` blocks: the application page
and a service's own pages find an editor, refresh and mark required fields the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from desktop import i18n
from desktop.ui.wizard import field_widgets as fw
from desktop.ui.wizard.form_section import FormSection
from desktop.ui.wizard.page_base import WizardPage


class SectionedPage(WizardPage):
    sections: list[FormSection]

    def editor(self, field_id: str) -> QWidget:
        for section in self.sections:
            if field_id in section.editors:
                return section.editors[field_id]
        raise KeyError(field_id)

    def fill_categories(self) -> None:
        """A choice of the maslikhat decision's categories (``choices_from: categories``):
        those of the decision in force for the office's district on the application date,
        entered by the district administrator."""
        specs = [spec for section in self.sections for spec in section.specs
                 if spec.choices_from == "categories"]
        if not specs:
            return
        from desktop.services.district_decisions import category_choices

        lang = i18n.current_language()
        choices = category_choices(self.context.office.district,
                                   self.session.application_date, lang)
        for spec in specs:
            combo = self.editor(spec.id)
            if isinstance(combo, QComboBox):
                fw.fill_combo(combo, spec, lang, choices)
                fw.write(spec, combo, self.session.value(spec.id))

    def _edited(self, keys: set[str]) -> None:
        for section in self.sections:
            section.refresh(keys)
        self.edited.emit(keys)

    def refresh(self, keys: set[str] | None = None) -> None:
        for section in self.sections:
            section.refresh(keys)

    def set_show_required(self, show: bool) -> None:
        for section in self.sections:
            section.set_show_required(show)
