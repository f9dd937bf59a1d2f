"""Find the text a window shows cut off: a label, a button or a table's header section whose
text needs more room than the widget (or section) has on screen.

Each visible widget is measured with its own font: a plain label's text width
(``QFontMetrics.horizontalAdvance``, plus its margins and indent) against its width; a
word-wrapped label's height for its width against its height; a button's size hint (text,
icon, indicator, frame) against its size; each visible header section's widest line against
the section. An elided text (ending in "…", its whole in the tooltip) is shortened on purpose
and is not counted.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabBar,
    QToolButton,
    QWidget,
)

SLACK = 1  # pixels of rounding


def _name(widget: QWidget) -> str:
    return widget.objectName() or type(widget).__name__


def _visible(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def _shown(text: str) -> str:
    """``text`` as drawn: a mnemonic's "&" is not, "&&" is one "&"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _label(label: QLabel) -> str | None:
    if hasattr(label, "shown_text"):  # a label that shortens itself with "…" on purpose
        text = label.shown_text()
    else:
        text = _shown(label.text()) if label.buddy() is not None else label.text()
    if not text or "…" in text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return f"label {_name(label)} «{text}»: needs {needed} px high, has {label.height()}"
        return None
    if "<" in text or label.textFormat() == Qt.TextFormat.RichText:
        needed = label.sizeHint().width()
    else:
        margins = label.contentsMargins()
        indent = max(label.indent(), 0) if label.indent() >= 0 else 0
        widest = max(QFontMetrics(label.font()).horizontalAdvance(line)
                     for line in text.split("\n"))
        needed = widest + margins.left() + margins.right() + 2 * label.margin() + indent
    if needed > label.width() + SLACK:
        return f"label {_name(label)} «{text}»: needs {needed} px wide, has {label.width()}"
    return None


def _button(button: QAbstractButton) -> str | None:
    text = _shown(button.text())
    if not text:
        return None
    if isinstance(button, QToolButton) and button.toolButtonStyle() \
            == Qt.ToolButtonStyle.ToolButtonIconOnly:
        return None
    needed = button.sizeHint().width()
    if isinstance(button, QPushButton | QToolButton):
        # the text alone must fit; Qt's hint adds a generous frame the style may not draw
        needed = QFontMetrics(button.font()).horizontalAdvance(text) + 8
        if not button.icon().isNull():
            needed += button.iconSize().width() + 4
    if needed > button.width() + SLACK:
        return f"button {_name(button)} «{text}»: needs {needed} px, has {button.width()}"
    return None


def _header(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None or header.isHidden():
        return []
    horizontal = header.orientation() == Qt.Orientation.Horizontal
    if not horizontal:
        return []
    view = header.parentWidget()
    found = []
    selection = header.selectionModel()
    for section in range(header.count()):
        if header.isSectionHidden(section) or header.sectionSize(section) == 0:
            continue
        font = header.font()
        # a section of a column with selected cells is drawn in bold
        font.setBold(header.highlightSections() and selection is not None
                     and selection.columnIntersectsSelection(section, header.rootIndex()))
        metrics = QFontMetrics(font)
        text = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text or text.endswith("…"):
            continue
        size = header.sectionSize(section)
        if header.defaultAlignment() & Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value):
            rect = metrics.boundingRect(0, 0, max(size - 8, 1), 10_000,
                                        Qt.TextFlag.TextWordWrap.value, text)
            wide, high = rect.width() + 8, rect.height()
        else:
            lines = text.split("\n")
            wide = max(metrics.horizontalAdvance(line) for line in lines) + 8
            high = len(lines) * metrics.lineSpacing()
        if wide > size + SLACK:
            found.append(f"header of {_name(view or header)} «{text}»: needs {wide} px, "
                         f"has {size}")
        if high > header.height() + SLACK:
            found.append(f"header of {_name(view or header)} «{text}»: needs {high} px high, "
                         f"has {header.height()}")
    return found


def _tabs(bar: QTabBar) -> list[str]:
    if bar.usesScrollButtons() and bar.sizeHint().width() > bar.width():
        return [f"tabs {_name(bar)}: {bar.sizeHint().width()} px wanted, {bar.width()} shown"]
    return []


def clipped(window: QWidget) -> list[str]:
    """What ``window`` (and every visible widget in it) shows cut off, one line each."""
    found: list[str] = []
    for widget in [window, *window.findChildren(QWidget)]:
        if not _visible(widget):
            continue
        if isinstance(widget, QLabel):
            problem = _label(widget)
        elif isinstance(widget, QAbstractButton):
            problem = _button(widget)
        elif isinstance(widget, QHeaderView):
            found += _header(widget)
            continue
        elif isinstance(widget, QTabBar):
            found += _tabs(widget)
            continue
        else:
            continue
        if problem:
            found.append(problem)
    return found


def marks_and_boxes(window: QWidget, name: str) -> list[str]:
    """A required field's "*" is bound to its last word (it never wraps alone), and a
    checkbox sits beside its text's first line, not above it."""
    found = [f"{name}: «{label.text()}» may wrap its * alone"
             for label in window.findChildren(QLabel)
             if label.isVisible() and label.text().endswith(" *")]
    for box in window.findChildren(QCheckBox):
        label = next((lab for lab in window.findChildren(QLabel)
                      if lab.buddy() is box and lab.isVisible()), None)
        if label is None or not box.isVisible():
            continue
        box_middle = box.mapTo(window, box.rect().center()).y()
        first_line = label.mapTo(window, label.contentsRect().topLeft()).y()
        text_top = first_line + (label.contentsRect().height() - label.heightForWidth(
            label.width())) // 2 * (not label.alignment() & Qt.AlignmentFlag.AlignTop)
        line = label.fontMetrics().lineSpacing()
        if not text_top - line // 2 <= box_middle <= text_top + line + line // 2:
            found.append(f"{name}: the box of «{label.text()[:40]}» is not beside its text")
    return found
