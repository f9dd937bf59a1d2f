"""The district administrator's poverty lines: what the desk knows, and a new quarter's line.

A line is typed as it is, or as the published figures it is computed from; then the rule in
force for the quarter computes it, and the dialog shows the computation and its acts before the
line is added.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.poverty_line import LineFigure, rule_for
from desktop.domain.quarters import Quarter, quarter_text
from desktop.i18n import _, current_language, format_money, render
from desktop.services import poverty_lines
from desktop.ui.field_row import FieldRow

ROMAN = ("I", "II", "III", "IV")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
FIELDS = ("region", "quarter", "mode", "amount", "subsistence_minimum", "median_income",
          "source")


class PovertyLinesDialog(QDialog):
    """Lists every poverty line and adds a quarter's line to the administrator's folder."""

    def __init__(self, overlay_dir: Path | None = None, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("poverty_lines_dialog")
        self.overlay_dir = overlay_dir
        today = today or dt.date.today()
        self.intro = QLabel(objectName="poverty_lines_intro", wordWrap=True)
        self.table = QTableWidget(0, 5, objectName="poverty_lines_table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # a whole row is selected: every title in bold would say nothing, and bold titles
        # outgrow the widths measured for them
        header.setHighlightSections(False)
        self.details = QLabel(objectName="poverty_lines_details", wordWrap=True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.itemSelectionChanged.connect(self._show_details)

        self.region = QComboBox(objectName="poverty_line_region")
        self.year = QSpinBox(objectName="poverty_line_year", minimum=2001, maximum=2100,
                             value=today.year)
        self.quarter = QComboBox(objectName="poverty_line_quarter")
        self.quarter.addItems(ROMAN)
        self.quarter.setCurrentIndex((today.month - 1) // 3)
        period = QWidget()
        period_layout = QHBoxLayout(period)
        period_layout.setContentsMargins(0, 0, 0, 0)
        period_layout.addWidget(self.quarter)
        period_layout.addWidget(self.year)
        period_layout.addStretch(1)

        self.by_line = QRadioButton(objectName="poverty_line_by_line")
        self.by_figures = QRadioButton(objectName="poverty_line_by_figures")
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.by_line)
        self.mode.addButton(self.by_figures)
        self.by_line.setChecked(True)
        modes = QWidget(objectName="poverty_line_mode")
        modes_layout = QHBoxLayout(modes)
        modes_layout.setContentsMargins(0, 0, 0, 0)
        modes_layout.addWidget(self.by_line)
        modes_layout.addWidget(self.by_figures)
        modes_layout.addStretch(1)

        self.amount = QLineEdit(objectName="poverty_line_amount")
        self.subsistence_minimum = QLineEdit(objectName="poverty_line_subsistence_minimum")
        self.median_income = QLineEdit(objectName="poverty_line_median_income")
        self.published = QLabel(objectName="poverty_line_published", wordWrap=True)
        self.published.setTextFormat(Qt.TextFormat.RichText)
        minimum_box = QWidget()
        minimum_layout = QVBoxLayout(minimum_box)
        minimum_layout.setContentsMargins(0, 0, 0, 0)
        minimum_layout.addWidget(self.subsistence_minimum)
        minimum_layout.addWidget(self.published)
        self.source = QLineEdit(objectName="poverty_line_source")
        self.source.setMaxLength(poverty_lines.SOURCE_MAX)
        self.rows = {"region": FieldRow(self.region), "quarter": FieldRow(period),
                     "mode": FieldRow(modes), "amount": FieldRow(self.amount),
                     "subsistence_minimum": FieldRow(minimum_box),
                     "median_income": FieldRow(self.median_income),
                     "source": FieldRow(self.source)}
        self.rows["subsistence_minimum"].label.setBuddy(self.subsistence_minimum)
        form = QFormLayout()
        for key in FIELDS:
            form.addRow(self.rows[key].label, self.rows[key])
        self.rule = QLabel(objectName="poverty_line_rule", wordWrap=True)
        self.rule.setTextFormat(Qt.TextFormat.RichText)
        self.result = QLabel(objectName="poverty_line_result", wordWrap=True)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.add_button = QPushButton(objectName="poverty_line_add")
        self.add_button.clicked.connect(self.add_line)
        self.saved_label = QLabel(objectName="poverty_line_saved", wordWrap=True)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.saved_label, 1)
        buttons_row.addWidget(self.add_button)
        self.add_box = QGroupBox()
        add_layout = QVBoxLayout(self.add_box)
        add_layout.addLayout(form)
        add_layout.addWidget(self.rule)
        add_layout.addWidget(self.result)
        add_layout.addLayout(buttons_row)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.add_box)
        layout.addWidget(self.buttons)

        self.reload()
        self.quarter.currentIndexChanged.connect(self._period_changed)
        self.year.valueChanged.connect(self._period_changed)
        self.region.currentIndexChanged.connect(self._update_preview)
        self.mode.buttonToggled.connect(self._mode_changed)
        for editor in (self.amount, self.subsistence_minimum, self.median_income):
            editor.textChanged.connect(self._update_preview)
        self.retranslate()
        self._mode_changed()
        self.resize(1000, 760)

    # --- state ----------------------------------------------------------------------------

    @property
    def chosen_quarter(self) -> Quarter:
        return Quarter(self.year.value(), self.quarter.currentIndex() + 1)

    def reload(self) -> None:
        self.parameters = poverty_lines.current_parameters(self.overlay_dir)
        self._rows = poverty_lines.rows(self.parameters, current_language())
        self._fill_regions()
        self._fill_table()

    def _fill_regions(self) -> None:
        """The regions that existed in the chosen quarter, by name in the interface language."""
        chosen = self.region.currentData()
        self.region.blockSignals(True)
        self.region.clear()
        lang = current_language()
        quarter = self.chosen_quarter
        for region in poverty_lines.regions(self.parameters, lang, quarter):
            self.region.addItem(render(region.name_text(quarter.first_day)), region.code)
        if chosen:
            self.region.setCurrentIndex(max(0, self.region.findData(chosen)))
        self.region.blockSignals(False)

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self._rows))
        not_confirmed = _("not confirmed")
        for number, row in enumerate(self._rows):
            origin = _("added by the administrator") if row.added_here else _("shipped")
            source = render(row.source)
            if not row.confirmed:
                source = f"{source} ({not_confirmed})"
            cells = [render(row.region_name), render(quarter_text(row.quarter)),
                     format_money(row.amount_tiyn), origin, source]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(number, column, item)
        if self._rows:
            self.table.selectRow(0)
        self._show_details()

    def _show_details(self) -> None:
        """The selected line's source in full and, when it has figures, how it was computed."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._rows):
            self.details.clear()
            return
        row = self._rows[rows[0].row()]
        heading = escape(f"{render(row.region_name)}, {render(quarter_text(row.quarter))}: "
                         f"{format_money(row.amount_tiyn)}")
        parts = [f"<b>{heading}</b>",
                 escape(_("Source: {source}").format(source=render(row.source)))]
        if row.formula is not None:
            parts.append(escape(_("Computed: {formula}").format(formula=render(row.formula))))
        else:
            parts.append(escape(_("Given as it is, without the figures it was computed from.")))
        self.details.setText("<br>".join(parts))

    def _period_changed(self) -> None:
        self._fill_regions()
        self._mode_changed()

    def _mode_changed(self, *_args: object) -> None:
        rule = rule_for(self.chosen_quarter)
        figures = self.by_figures.isChecked()
        if figures and rule is None:
            figures = False
        self.by_figures.setEnabled(rule is not None)
        self.amount.setEnabled(not figures)
        self.subsistence_minimum.setEnabled(figures)
        self.median_income.setEnabled(
            figures and rule is not None and LineFigure.MEDIAN_INCOME in rule.figures)
        self._label_figures()
        self._update_preview()

    # --- texts that depend on the quarter -------------------------------------------------

    def _label_figures(self) -> None:
        before = render(quarter_text(self.chosen_quarter.previous()))
        self.rows["subsistence_minimum"].label.setText(
            _("Subsistence minimum of the region for {quarter}, tenge:").format(quarter=before))
        self.rows["median_income"].label.setText(
            _("Median income for {quarter}, tenge:").format(quarter=before))
        quarter = render(quarter_text(self.chosen_quarter))
        rule = rule_for(self.chosen_quarter)
        if rule is None:
            self.rule.setText(escape(_("Kömek knows no act that computes the line for "
                                       "{quarter}: enter the line itself.").format(
                                           quarter=quarter)))
        else:
            heading = escape(_("Rule for {quarter}:").format(quarter=quarter))
            acts = escape(_("Acts: {acts}").format(acts=render(rule.sources)))
            self.rule.setText(f"<b>{heading}</b> {escape(render(rule.statement))}"
                              f"<br><small>{acts}</small>")
        self._show_published()

    def _show_published(self) -> None:
        code = self.region.currentData()
        figures = poverty_lines.published_figures(self.parameters, code, self.chosen_quarter) \
            if code else ()
        if not figures:
            none = _("No published figure of this region for that quarter is shipped.")
            self.published.setText(f"<small>{escape(none)}</small>")
            return
        heading = escape(_("Published by month (not confirmed):"))
        items = "<br>".join(escape(render(poverty_lines.figure_text(f))) for f in figures)
        self.published.setText(f"<small>{heading}<br>{items}</small>")

    def _entry(self) -> tuple[str, str, str]:
        if self.by_figures.isChecked() and self.by_figures.isEnabled():
            median = self.median_income.text() if self.median_income.isEnabled() else ""
            return "", self.subsistence_minimum.text(), median
        return self.amount.text(), "", ""

    def _update_preview(self, *_args: object) -> None:
        self._show_published()
        code = self.region.currentData()
        amount, minimum, median = self._entry()
        if not code or not (amount.strip() or minimum.strip() or median.strip()):
            self.result.clear()
            return
        result = poverty_lines.preview(code, self.chosen_quarter, amount,
                                       subsistence_minimum=minimum, median_income=median,
                                       parameters=self.parameters)
        if isinstance(result, poverty_lines.AddLineProblems):
            self.result.clear()
            return
        line = escape(_("Poverty line: {amount}").format(amount=format_money(result.amount)))
        text = f"<b>{line}</b>"
        if result.computed is not None:
            text += f"<br>{escape(render(result.computed.formula))}"
        self.result.setText(text)

    # --- adding ---------------------------------------------------------------------------

    def add_line(self) -> None:
        amount, minimum, median = self._entry()
        result = poverty_lines.add_line(self.region.currentData() or "", self.chosen_quarter,
                                        amount, self.source.text(), self.overlay_dir,
                                        subsistence_minimum=minimum, median_income=median,
                                        parameters=self.parameters)
        problems = result.by_field if isinstance(result, poverty_lines.AddLineProblems) else {}
        for key, row in self.rows.items():
            row.set_problem(render(problems[key]) if key in problems else None)
        if problems:
            self.saved_label.clear()
            first = next(key for key in FIELDS if key in problems)
            self.rows[first].editor.setFocus()
            return
        self.saved_label.setText(_("Saved. Applications of this region and quarter can now be "
                                   "assessed."))
        for editor in (self.amount, self.subsistence_minimum, self.median_income):
            editor.clear()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Poverty lines"))
        self.intro.setText(_(
            "The poverty line of each region is set every quarter. An application is assessed "
            "against the line of its region for the quarter of application; add the line here "
            "as soon as the akimat's resolution is published, as it is or as the figures it is "
            "computed from."))
        self.table.setHorizontalHeaderLabels(
            [_("Region"), _("Quarter"), _("Poverty line"), _("Where from"), _("Source")])
        self.add_box.setTitle(_("Add a quarter's line"))
        self.rows["region"].label.setText(_("Region:"))
        self.rows["quarter"].label.setText(_("Quarter:"))
        self.rows["mode"].label.setText(_("Enter:"))
        self.by_line.setText(_("the line itself"))
        self.by_figures.setText(_("the figures it is computed from"))
        self.rows["amount"].label.setText(_("Poverty line, tenge:"))
        self.rows["source"].label.setText(_("Act that set it:"))
        self.source.setPlaceholderText(
            _("e.g. the akimat's resolution No. 12 of 01.07.2026"))
        self.add_button.setText(_("Add"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self._label_figures()
        self._update_preview()
