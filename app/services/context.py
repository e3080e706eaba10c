"""Who is acting and what day it is: passed to every service so tests can fix both."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from datetime import date

from app import clock


def os_user() -> str:
    """The operating-system user, recorded on every event of the activity log."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user database (some containers): still record something
        return os.environ.get("USERNAME") or os.environ.get("USER") or "unknown"


@dataclass(frozen=True)
class Context:
    actor: str = field(default_factory=os_user)
    today: date = field(default_factory=lambda: clock.system().today())

    @classmethod
    def at(cls, now: clock.Clock, actor: str | None = None) -> Context:
        """The context of one action, on ``now``'s date."""
        return cls(actor=actor or os_user(), today=now.today())
