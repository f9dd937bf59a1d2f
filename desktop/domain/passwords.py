"""The password policy of local accounts: what a new password must be, said in the user's words.

Kept minimal on purpose (the regulations set none): at least :data:`MIN_LENGTH` characters and
not the username itself. A desk's password guards one workstation's database; a lock-out after
repeated failures does the rest.
"""

from __future__ import annotations

from desktop.domain.text import Text

__all__ = ["MIN_LENGTH", "password_problem"]

MIN_LENGTH = 8


def password_problem(password: str, username: str) -> Text | None:
    """Why ``password`` cannot be the new password of ``username``; None when it can."""
    if len(password) < MIN_LENGTH:
        return Text("The password must be at least {count} characters long.", count=MIN_LENGTH)
    if password.strip().lower() == username.strip().lower():
        return Text("The password must not be the same as the username.")
    return None
