"""The live figures beside the income and farm sheets: totals, per capita, line, verdict.

АСП's figures for АСП; for another service that computes, what its rule module gives (its
per-capita income and threshold when it has them, the verdict, the amount); a service that
computes nothing shows no calculation."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop import i18n
from desktop.domain.assessment import Assessment
from desktop.domain.intake_session import LiveAssessment, LiveServiceAssessment
from desktop.domain.quarters import quarter_text
from desktop.domain.service_rules import ServiceAssessment
from desktop.ui.wizard.page_base import problem_label

ROWS = ("family_income", "farm_income", "members_counted", "per_capita", "poverty_line",
        "verdict", "amount")


class AssessmentSummary(QGroupBox):
    """Figures of the assessment, updated as the user types (objectNames ``summary_*``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessment_summary")
        self.setTitle(i18n._("Calculation"))
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        column = QVBoxLayout(self)
        column.setSpacing(1)
        for name in ROWS:  # caption above its figure: long Kazakh captions wrap freely
            value = QLabel(objectName=f"summary_{name}")
            value.setWordWrap(True)
            font = value.font()
            font.setBold(True)
            value.setFont(font)
            caption = QLabel()
            caption.setWordWrap(True)
            self.values[name], self.captions[name] = value, caption
            column.addWidget(caption)
            column.addWidget(value)
            column.addSpacing(6)
        self.messages = problem_label("summary_messages")
        column.addWidget(self.messages)
        self.setMinimumWidth(250)
        self.setMaximumWidth(340)

    def show_live(self, live: LiveAssessment | LiveServiceAssessment | None) -> None:
        self.setVisible(live is not None)
        if live is None:  # the service computes nothing
            return
        result = live.assessment
        self.messages.setText("\n".join(i18n.render(m) for m in live.messages))
        for name in ROWS:
            self.values[name].setText("")
            self.captions[name].setVisible(True)
            self.values[name].setVisible(True)
        if isinstance(result, ServiceAssessment):
            self._service_figures(result)
        elif result is not None:
            self._figures(result)

    def _service_figures(self, result: ServiceAssessment) -> None:
        """The rows a service's rules fill; the rest (АСП's line and farm) are hidden."""
        per_capita = result.figures.get("per_capita_income_tiyn")
        basket = result.figures.get("food_basket_tiyn")
        monthly = bool(result.monthly_amount)
        shown = {
            "per_capita": (i18n._("Per-capita income a month"),
                           i18n.format_money(per_capita) if isinstance(per_capita, int)
                           else ""),
            "poverty_line": (i18n._("Cost of the food basket"),
                             i18n.format_money(basket) if isinstance(basket, int) else ""),
            "verdict": (i18n._("Decision by the rules"),
                        i18n._("eligible") if result.assigned else i18n._("not eligible")),
            "amount": (i18n._("Amount, a month") if monthly else i18n._("Amount, once"),
                       i18n.format_money(result.monthly_amount or result.one_time_amount)
                       if result.assigned else ""),
        }
        for name in ROWS:
            caption, value = shown.get(name, ("", ""))
            visible = bool(value)
            self.captions[name].setVisible(visible)
            self.values[name].setVisible(visible)
            self.captions[name].setText(caption)
            self.values[name].setText(value)
        self.values["verdict"].setStyleSheet(
            "color: #1b5e20;" if result.assigned else "color: #b3261e;")

    def _figures(self, result: Assessment) -> None:
        farm = sum(line.income for line in result.farm_lines)
        line = result.poverty_line
        quarter = i18n.render(quarter_text(result.application_quarter))
        captions = {
            "family_income": i18n._("Aggregate income of the family"),
            "farm_income": i18n._("of it, personal subsidiary farm"),
            "members_counted": i18n._("Family members counted"),
            "per_capita": i18n._("Per-capita income a month"),
            "poverty_line": i18n._("Poverty line, {quarter}").format(quarter=quarter),
            "verdict": i18n._("Eligibility by income"),
            "amount": i18n._("Amount a month"),
        }
        for name, text in captions.items():
            self.captions[name].setText(text)
        self.values["family_income"].setText(i18n.format_money(result.family_income))
        self.values["farm_income"].setText(i18n.format_money(farm))
        self.values["members_counted"].setText(str(result.members_counted))
        self.values["per_capita"].setText(i18n.format_money(result.per_capita_income))
        self.values["poverty_line"].setText(i18n.format_money(line.amount) if line else "")
        self.values["verdict"].setText(i18n._("eligible") if result.eligible
                                       else i18n._("not eligible"))
        self.values["verdict"].setStyleSheet(
            "color: #1b5e20;" if result.eligible else "color: #b3261e;")
        self.values["amount"].setText(i18n.format_money(result.monthly_amount))
