"""Typed dates: every accepted form gives the date typed; everything else is refused in words."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.dates import EARLIEST, LATEST, parse_typed_date
from app.domain.errors import InputError

days = st.dates(min_value=EARLIEST, max_value=LATEST)


@settings(max_examples=500, deadline=None)
@given(days)
def test_every_accepted_form_reads_as_the_date_written(day):
    forms = [
        day.isoformat(), f"{day:%Y/%m/%d}", f"{day.year}-{day.month}-{day.day}",
        f"{day:%m/%d/%Y}", f"{day.month}/{day.day}/{day.year}", f"{day:%m-%d-%Y}",
        f"{day:%Y%m%d}", f"{day:%m%d%Y}", f"  {day.isoformat()} ",
    ]
    for text in forms:
        assert parse_typed_date(text) == day, text


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_eight_digits_never_read_two_ways(digits):
    """A digits-only date is accepted year-first (19xx/20xx) or month-first (01-12): the two
    readings can never both succeed, so no eight digits are ambiguous."""
    readings = set()
    for year, month, day in ((digits[:4], digits[4:6], digits[6:]),
                             (digits[4:], digits[:2], digits[2:4])):
        try:
            candidate = date(int(year), int(month), int(day))
        except ValueError:
            continue
        if EARLIEST <= candidate <= LATEST:
            readings.add(candidate)
    assert len(readings) <= 1
    try:
        parsed = parse_typed_date(digits)
    except InputError:
        assert readings == set()
    else:
        assert readings == {parsed}


@pytest.mark.parametrize(("text", "words"), [
    ("", "No date"),
    ("2026-02-30", "February 2026 has no day 30"),
    ("2026-13-01", "no month 13"),
    ("16/11/2026", "no month 16"),  # day-first is refused, never read as another date
    ("11/16/26", "four digits"),
    ("16.11.2026", "does not guess"),
    ("1899-12-31", "between 1900 and 2099"),
    ("2026-11", "not a date"),
    ("next monday", "not a date"),
    ("2026111", "not a date"),
    ("20261316", "no month 13"),
])
def test_what_is_not_a_date_is_refused_with_the_reason(text, words):
    with pytest.raises(InputError) as caught:
        parse_typed_date(text)
    assert words in str(caught.value)
    assert "2026-11-16" in str(caught.value) or "year" in str(caught.value)
