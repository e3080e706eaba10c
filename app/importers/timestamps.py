"""Reading the many ways vendors write dates and times, into UTC.

Naive timestamps are read in the source zone (the mapping's, or the agency's); timestamps that say
their zone (``Z``, ``UTC``, ``+02:00``, ``PST``) keep it. Conversions are cached per local minute,
so a million rows cost a dictionary look-up each, and daylight-saving changes are handled by
zoneinfo: a time in the repeated hour of the autumn change is read as its first occurrence
(daylight time), and a time in the hour skipped by the spring change (which no clock showed)
as standard time; both are counted, so the clerk can be told.

Numeric dates such as 03/04/2019 are read in one order for the whole column: the order the
mapping, the profile or the clerk fixes, or the one the column's own dates prove (a day above
12); :class:`DateEvidence` collects that proof from every distinct date text while the column
is read.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.errors import InputError

MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
# Abbreviations US vendors print; fixed offsets, as the abbreviation says which side of the
# daylight-saving change it is.
ZONE_ABBREVIATIONS = {
    "UTC": 0, "GMT": 0, "Z": 0, "PST": -8 * 60, "PDT": -7 * 60, "MST": -7 * 60, "MDT": -6 * 60,
    "CST": -6 * 60, "CDT": -5 * 60, "EST": -5 * 60, "EDT": -4 * 60, "AKST": -9 * 60,
    "AKDT": -8 * 60, "HST": -10 * 60,
}

_DATE = (r"(?P<date>\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}"
         r"|\d{1,2}[ \-][A-Za-z]{3,9}[ \-,]*\d{2,4}|[A-Za-z]{3,9}\.? \d{1,2},? \d{4})")
_TIME = (r"(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?"
         r"|\d{3,4}(?:\s*[AaPp]\.?[Mm]\.?)?|\d{1,2}\s*[AaPp]\.?[Mm]\.?)")
_ZONE = r"(?P<zone>Z|[A-Za-z]{1,5}|[+-]\d{2}(?::?\d{2})?)"
TIMESTAMP_RE = re.compile(rf"^\s*{_DATE}(?:(?:T|,?\s+|,)\s*{_TIME})?\s*{_ZONE}?\s*$")
TIME_RE = re.compile(
    r"^\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?\s*$")


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"{name!r} is not a time zone.",
                         "Use an IANA name such as America/Los_Angeles or UTC.") from None


class TimestampError(ValueError):
    pass


MONTH_FIRST, DAY_FIRST = "month-first", "day-first"
DATE_ORDERS = (MONTH_FIRST, DAY_FIRST)
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{2,4})(?!\d)")


class DateEvidence:
    """What a column's distinct date texts say about their order: which can only be day first
    (25/10/2019), which only month first (10/25/2019), and whether the numeric ones are
    written with dots (01.10.2019: day first where that is the custom)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.day_first: list[str] = []
        self.month_first: list[str] = []
        self.ambiguous = 0
        self.dotted = 0
        self.numeric = 0

    def add(self, text: str) -> None:
        if text in self.seen:
            return
        self.seen.add(text)
        match = _NUMERIC_DATE.match(text)
        if match is None:
            return
        a, b = int(match[1]), int(match[3])
        self.numeric += 1
        self.dotted += match[2] == "."
        if a > 12 >= b >= 1:
            self.day_first.append(text.strip())
        elif b > 12 >= a >= 1:
            self.month_first.append(text.strip())
        elif a <= 12 and b <= 12:
            self.ambiguous += 1

    def decide(self) -> tuple[str | None, str]:
        """(order or None when the dates cannot tell, the reason in words)."""
        days, months = len(self.day_first), len(self.month_first)
        if days and months:
            if days == months:
                return None, (f"{days} date(s) such as {self.day_first[0]} can only be day "
                              f"first and as many such as {self.month_first[0]} only month "
                              "first")
            order = DAY_FIRST if days > months else MONTH_FIRST
            win, lose = (self.day_first, self.month_first) if days > months else \
                (self.month_first, self.day_first)
            return order, (f"{len(win)} date(s) such as {win[0]} can only be {order}; the "
                           f"{len(lose)} such as {lose[0]} cannot, and their rows are rejected")
        if days:
            return DAY_FIRST, f"dates such as {self.day_first[0]} can only be day first"
        if months:
            return MONTH_FIRST, f"dates such as {self.month_first[0]} can only be month first"
        if self.numeric and self.dotted == self.numeric:
            return DAY_FIRST, "the dates are written with dots (01.10.2019), which is day first"
        if self.ambiguous:
            return None, "every day and month is 12 or less"
        return "", "the dates name the year first or the month by name"


class TimestampParser:
    """Parses one import's timestamps. ``day_first`` reads 03/04/2019 as 3 April.

    Three caches make a million rows cheap: date text -> the day as minutes since year 1; time
    text -> (minute of the day, ':SS'); their sum (a local minute, an int that hashes fast) ->
    the UTC 'YYYY-MM-DD HH:MM'. Seconds never change with the zone, so they are carried over
    as text."""

    def __init__(self, source_zone: ZoneInfo, *, day_first: bool = False) -> None:
        self.zone = source_zone
        self.day_first = day_first
        self.evidence = DateEvidence()
        self.dates: dict[str, int] = {}
        self.times: dict[str, tuple[int, str]] = {}
        self.utc: dict[int | tuple[int, int], str] = {}
        # Local minutes that are special: 0 in the autumn's repeated hour, 1 in the spring's
        # skipped hour. One look-up per row tells both.
        self.special: dict[int, int] = {}
        self.counts = [0, 0]   # rows in the repeated hour, rows in the skipped hour
        self._hours: dict[int, int | None] = {}
        self._days: dict[int, str] = {}

    # -- pieces ----------------------------------------------------------------------------------
    def parse_date(self, text: str) -> int:
        """The day, as minutes from 0001-01-01 to its local midnight."""
        cached = self.dates.get(text)
        if cached is None:
            self.evidence.add(text)
            cached = self.dates[text] = date(*self._parse_date(text.strip())).toordinal() * 1440
        return cached

    def _parse_date(self, text: str) -> tuple[int, int, int]:
        parts = re.split(r"[/.\-, ]+", text.strip().rstrip("."))
        try:
            if len(parts) == 3 and all(p.isdigit() for p in parts):
                a, b, c = (int(p) for p in parts)
                if len(parts[0]) == 4:
                    y, m, d = a, b, c
                else:
                    m, d = (b, a) if self.day_first else (a, b)
                    if m > 12 and d <= 12:
                        order = DAY_FIRST if self.day_first else MONTH_FIRST
                        raise TimestampError(f"{text!r} is not a date when read {order}, the "
                                             "order of the other dates in the column")
                    y = c + (2000 if c < 70 else 1900) if len(parts[2]) <= 2 else c
            elif len(parts) == 3 and parts[1][:3].lower() in MONTHS:   # 14-Nov-2025
                d, m, y = int(parts[0]), MONTHS[parts[1][:3].lower()], int(parts[2])
                y = y + (2000 if y < 70 else 1900) if y < 100 else y
            elif len(parts) == 3 and parts[0][:3].lower() in MONTHS:   # Nov 14, 2025
                m, d, y = MONTHS[parts[0][:3].lower()], int(parts[1]), int(parts[2])
            else:
                raise TimestampError(f"{text!r} is not a date")
            date(y, m, d)
        except TimestampError:
            raise
        except (ValueError, KeyError):
            raise TimestampError(f"{text!r} is not a date") from None
        return y, m, d

    def parse_time(self, text: str) -> tuple[int, str]:
        """(minute of the day, ':SS')."""
        cached = self.times.get(text)
        if cached is None:
            cached = self.times[text] = self._parse_time(text)
        return cached

    def _parse_time(self, text: str) -> tuple[int, str]:
        if len(text) == 8 and text[2] == ":" and text[5] == ":":   # HH:MM:SS, the usual form
            # 86,400 such texts, but 1,440 minutes: each minute is read once.
            minute = _MINUTES.get(text[:5])
            seconds = text[5:]
            if minute is not None and seconds in _SECONDS:
                return minute, seconds
        if not text.strip():
            return 0, ":00"
        match = TIME_RE.match(text)
        if match is None:
            raise TimestampError(f"{text!r} is not a time of day")
        h = int(match["h"])
        m = int(match["m"] or 0)
        digits = text.strip()
        if match["m"] is None and len(digits) in (3, 4) and digits.isdigit():   # '1530', '930'
            h, m = int(digits[:-2]), int(digits[-2:])
        s = int(match["s"] or 0)
        ampm = (match["ampm"] or "").replace(".", "").lower()
        if ampm:
            if not 1 <= h <= 12:
                raise TimestampError(f"{text!r} is not a time of day")
            h = (h % 12) + (12 if ampm == "pm" else 0)
        if h > 23 or m > 59 or s > 59:
            raise TimestampError(f"{text!r} is not a time of day")
        return h * 60 + m, f":{s:02d}"

    # -- to UTC ------------------------------------------------------------------------------------
    def utc_prefix(self, key: int | tuple[int, int]) -> str:
        """'YYYY-MM-DD HH:MM' in UTC for a local minute (an int), or for (minute, offset in
        minutes) when the timestamp named its own offset."""
        cached = self.utc.get(key)
        if cached is not None:
            return cached
        local, offset = key if isinstance(key, tuple) else (key, None)
        try:
            if offset is None:
                offset = self._zone_offset(local)
            utc = local - offset
            day = self._days.get(utc // 1440)
            if day is None:
                day = self._days[utc // 1440] = date.fromordinal(utc // 1440).isoformat()
        except (ValueError, OverflowError):
            side = "before" if local < 1440 * 366 else "after"
            raise TimestampError(f"{_local_datetime_text(local)} is {side} the dates a "
                                 "computer calendar can hold once moved to UTC (years 1 to "
                                 "9999)") from None
        cached = self.utc[key] = day + _CLOCK[utc % 1440]
        return cached

    def _zone_offset(self, local: int) -> int:
        """The source zone's UTC offset, in minutes, at a local minute. Looked up once per local
        hour; only the hours around a daylight-saving change are read minute by minute."""
        hour = local // 60
        offset = self._hours.get(hour, False)
        if offset is False:
            start = _local_datetime(hour * 60).replace(tzinfo=self.zone)
            probes = [start.replace(minute=m, fold=f) for m in (0, 59) for f in (0, 1)]
            offsets = {p.utcoffset() for p in probes}
            offset = self._hours[hour] = (
                int(offsets.pop().total_seconds() // 60) if len(offsets) == 1 else None)
        if offset is not None:
            return offset
        first = _local_datetime(local).replace(tzinfo=self.zone)
        second = first.replace(fold=1)
        # Two offsets for one wall-clock time: the repeated hour of the autumn change, or the
        # skipped hour of the spring change (a time no clock showed; read as standard time,
        # the offset before the change, as zoneinfo does).
        if first.utcoffset() != second.utcoffset():
            self.special[local] = 0 if _exists(first) else 1
        return int(first.utcoffset().total_seconds() // 60)

    @property
    def ambiguous(self) -> int:
        """Rows whose time fell in the repeated hour of the autumn change."""
        return self.counts[0]

    @property
    def skipped(self) -> int:
        """Rows whose time fell in the hour skipped by the spring change."""
        return self.counts[1]

    def to_utc(self, key: int | tuple[int, int], seconds: str) -> str:
        prefix = self.utc.get(key) or self.utc_prefix(key)
        if key in self.special:
            self.counts[self.special[key]] += 1
        return prefix + seconds

    # -- whole values ------------------------------------------------------------------------------
    def parse_split(self, date_text: str, time_text: str | None) -> str:
        minute, seconds = self.parse_time(time_text or "")
        return self.to_utc(self.parse_date(date_text) + minute, seconds)

    def parse(self, text: str) -> tuple[str, str | None]:
        """A combined timestamp -> (UTC 'YYYY-MM-DD HH:MM:SS', the zone it named or None)."""
        match = TIMESTAMP_RE.match(text)
        if match is None:
            raise TimestampError(f"{text!r} is not a date and time")
        local = self.parse_date(match["date"])
        minute, seconds = self.parse_time(match["time"] or "")
        zone_text = match["zone"]
        if zone_text is None:
            return self.to_utc(local + minute, seconds), None
        offset = _offset_minutes(zone_text)
        if offset is None:
            raise TimestampError(f"{text!r} names a time zone ({zone_text}) that is not known")
        return self.to_utc((local + minute, offset), seconds), zone_text.upper()


# ' HH:MM' for each minute of a day; 'HH:MM' -> minute of the day; ':SS' for each second.
_CLOCK = tuple(f" {m // 60:02d}:{m % 60:02d}" for m in range(1440))
_MINUTES = {text[1:]: m for m, text in enumerate(_CLOCK)}
_SECONDS = frozenset(f":{s:02d}" for s in range(60))


def _local_datetime(minutes: int) -> datetime:
    day, rest = divmod(minutes, 1440)
    return datetime.combine(date.fromordinal(day), datetime.min.time()) + \
        timedelta(minutes=rest)


def _local_datetime_text(minutes: int) -> str:
    try:
        return _local_datetime(minutes).strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError):
        return "the time"


def _exists(aware: datetime) -> bool:
    roundtrip = aware.astimezone(UTC).astimezone(aware.tzinfo)
    return roundtrip.replace(tzinfo=None) == aware.replace(tzinfo=None)


def _offset_minutes(text: str) -> int | None:
    upper = text.upper()
    if upper in ZONE_ABBREVIATIONS:
        return ZONE_ABBREVIATIONS[upper]
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})?", text)
    if match is None:
        return None
    minutes = int(match[2]) * 60 + int(match[3] or 0)
    return -minutes if match[1] == "-" else minutes


def date_evidence(texts) -> DateEvidence:
    evidence = DateEvidence()
    for text in texts:
        evidence.add(text or "")
    return evidence
