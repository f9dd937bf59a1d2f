"""A wizard page whose fields outside tables are ``FormSection`` blocks: the application page
and a service's own pages find an editor, refresh and mark required fields the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.wizard.form_section import FormSection
from desktop.ui.wizard.page_base import WizardPage


class SectionedPage(WizardPage):
    sections: list[FormSection]

    def editor(self, field_id: str) -> QWidget:
        for section in self.sections:
            if field_id in section.editors:
                return section.editors[field_id]
        raise KeyError(field_id)

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
