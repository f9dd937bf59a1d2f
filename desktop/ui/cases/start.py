"""At start: once the workstation has accounts, nobody works without logging in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.services.workstation_state import has_accounts

if TYPE_CHECKING:
    from desktop.ui.main_window import AppContext


def log_in_at_start(context: AppContext) -> bool:
    """False when the login was cancelled; no accounts yet: the operator works as before.

    Asked before the journal's first page, which a desk without accounts shows before
    SQLAlchemy is loaded: so the question is asked in SQL text, and the login dialog (and
    with it the accounts service and the ORM) is imported only when there are accounts."""
    if not has_accounts(context.db):
        return True
    from desktop.ui.cases.login_dialog import LoginDialog

    dialog = LoginDialog(context.db)
    if not dialog.exec() or dialog.user is None:
        return False
    context.user = dialog.user
    return True
