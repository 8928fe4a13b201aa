"""Errors that actions raise, each carrying a message a user can read (in Chinese)."""

from __future__ import annotations


class ActionError(Exception):
    """An action was refused; `message` says why, for the person who tried."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConflictError(ActionError):
    """Someone else changed the record first; the caller keeps what they typed and retries."""
