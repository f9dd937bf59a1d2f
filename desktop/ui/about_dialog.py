"""About Kömek: version, purpose, where the data lives."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

import desktop
from desktop.i18n import _


def show_about(parent: QWidget, db_path: Path) -> None:
    QMessageBox.about(
        parent,
        _("About the program"),
        _("<b>Kömek</b> {version}<br><br>Applications for state targeted social assistance: "
          "intake, registration, the coupon and the refusal slip, the journal.<br><br>"
          "Database: {path}").format(version=desktop.__version__, path=str(db_path)),
    )
