"""The desk's one clock (style guide §13: time is an input).

Nothing else in the application reads the system date or time: services take "today" from the
:class:`~app.services.context.Context` they are given, the window and the command line build
that context from a :class:`Clock`, and timestamps written to the database come from
:func:`utc_stamp`. Tests fix the clock; so can a records unit training on a copy of its
database, with ``DISCLOSURE_DESK_TODAY=YYYY-MM-DD``, which the window and every command then
show plainly (a deadline's urgency depends on it).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime

ENV_TODAY = "DISCLOSURE_DESK_TODAY"


class ClockError(ValueError):
    """``DISCLOSURE_DESK_TODAY`` holds something that is not a date."""


@dataclass(frozen=True)
class Clock:
    """The real clock, or (``fixed``) one whose date is set; the time of day stays real."""

    fixed: date | None = None
    source: str = ""

    @classmethod
    def from_environment(cls) -> Clock:
        text = os.environ.get(ENV_TODAY, "").strip()
        if not text:
            return cls()
        try:
            return cls(date.fromisoformat(text), ENV_TODAY)
        except ValueError:
            raise ClockError(f"{ENV_TODAY}={text!r} is not a date; write it as YYYY-MM-DD, "
                             f"or unset {ENV_TODAY} to use the computer's clock.") from None

    def today(self) -> date:
        return self.fixed if self.fixed is not None else date.today()

    def now(self) -> datetime:
        """The current moment in UTC (on a fixed clock: the fixed date at the real time of day,
        so that events still sort in the order they happened)."""
        real = datetime.now(UTC)
        if self.fixed is None:
            return real
        local = real.astimezone()
        return datetime.combine(self.fixed, local.timetz()).astimezone(UTC)

    @property
    def notice(self) -> str:
        """What to tell the clerk when the date is not the computer's ('' when it is)."""
        if self.fixed is None:
            return ""
        by = f" by {self.source}" if self.source else ""
        return f"Today is taken as {self.fixed.isoformat()} (set{by}), not the computer's date."


def system() -> Clock:
    """The clock of this process: the computer's, unless ``DISCLOSURE_DESK_TODAY`` fixes it."""
    return Clock.from_environment()


def utc_stamp() -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` for rows and events written now."""
    return system().now().strftime("%Y-%m-%dT%H:%M:%SZ")


def file_stamp() -> str:
    """A compact UTC stamp for file names (backups before migrating, crash reports)."""
    return system().now().strftime("%Y%m%dT%H%M%S%fZ")


def wall_seconds() -> float:
    """The computer's own clock in seconds since the epoch, never fixed: for timing the start-up
    against the clock of another process (bench/bundle_startup.py), never for anything the desk
    records or shows."""
    return time.time()
