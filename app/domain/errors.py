"""Errors by kind (style guide §8).

* :class:`InputError` - the clerk gave something we cannot use (bad date, unknown column). Exit 2.
* :class:`RuleError` - a legal or workflow rule refuses the action (invalid transition). Exit 2.
* :class:`NotFound` - the thing named does not exist (unknown request number). Exit 2.
* :class:`EnvironmentProblem` - the machine is in the way (database locked, read-only, disk full).
  Exit 3.

Every message says what is wrong; ``hint`` says what to do next. Anything else is a bug and gets
a crash report.
"""

from __future__ import annotations


class DeskError(Exception):
    """An expected failure with a message a records clerk can act on."""

    exit_code = 2

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip() if self.hint else self.message


class InputError(DeskError):
    """Input that cannot be used as given."""


class RuleError(DeskError):
    """A statutory or workflow rule refuses the action."""


class NotFound(DeskError):
    """The request, batch or person named does not exist."""


class EnvironmentProblem(DeskError):
    """The database or the file system is in the way; nothing was changed."""

    exit_code = 3
