"""The holidays behind the clocks, as rules with their legal sources (pure, no I/O).

The calendars are seeded from these rules, never from whatever names a version of a holidays
package happens to list: a day becomes a closed day only by a line in this table, with its source.

CPRA - the California court-holiday calendar
    Gov. Code § 7922.535(a) gives 10 days; CCP § 12 counts them and CCP § 12a moves a last day that
    is a "holiday" to the next day that is not. For § 12a, "holiday" means every Saturday, the
    holidays specified in CCP § 135 and, under CCP § 12b, days the office is closed (the agency's
    own closures, kept in their own calendar). CCP § 135 makes a judicial holiday of every full
    day Gov. Code § 6700 designates, plus the Thursday of November the President declares
    Thanksgiving Day, every Saturday and the day after Thanksgiving - except Admission Day
    (September 9), Columbus Day (since 2022), Lunar New Year and Genocide Remembrance Day
    (since 2023), Diwali (since 2026) and days the President, but not the Governor, appoints.
    A judicial holiday on a Saturday is observed on the Friday before, one on a Sunday on the
    Monday after (Cal. Rules of Court, rule 1.11).

    Paragraph numbers of Gov. Code § 6700(a) are those of the text in force since 1 January 2023
    (Stats. 2022, chs. 753, 792 and AB 1801), checked up to (a)(15), Columbus Day. AB 268
    (Stats. 2025, ch. 358) added Diwali from 2026; where it was inserted was not verified, so the
    days after Columbus Day are cited by name rather than by paragraph number.

    Not seeded, on purpose: Lunar New Year and Diwali (lunar dates, and excluded from § 135
    anyway); Good Friday (§ 6700 names only noon to 3 p.m., not a full day); days the Governor
    appoints (one-off proclamations: add them as agency closures when they happen).

    Uncertain (see the report of issue 8): whether Native American Day was a court holiday in
    2015-2021. AB 1973 (Stats. 2014) made it a state holiday from 2015, which by § 135 made it a
    court holiday until § 135 was amended to exclude it; AB 855 (Stats. 2021, ch. 283) removed that
    exclusion from 2022. It is counted from 2022 only: not counting a day that is a holiday gives
    an earlier deadline, never a late answer.

FOIA - U.S. federal legal public holidays
    5 U.S.C. § 552(a)(6)(A)(i) excludes Saturdays, Sundays and legal public holidays, which are
    the eleven days 5 U.S.C. § 6103(a) lists (Juneteenth since 17 June 2021, Pub. L. 117-17). A
    holiday on a Saturday is observed on the Friday before, one on a Sunday on the Monday after
    (5 U.S.C. § 6103(b); Executive Order 11582). Inauguration Day (§ 6103(c)) is a holiday only
    for employees in and around Washington, D.C., and is not seeded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.calendars import CA_STATE, US_FEDERAL, CalendarEntry

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

# Where seeded rows come from (``calendar_days.source``).
SEEDED = "seeded"

# Agency settings for the local option of Gov. Code § 6700(a): a city, county or district need
# not adopt Dr. Martin Luther King, Jr. Day and Cesar Chavez Day (paragraphs (3) and (7), and the
# days the President or Governor appoints, "shall not apply to a city, county, or district unless
# made applicable by charter, or by ordinance or resolution of the governing body thereof").
COUNT_MLK_DAY = "count_mlk_day"
COUNT_CESAR_CHAVEZ_DAY = "count_cesar_chavez_day"


def fixed(month: int, day: int) -> Callable[[int], date]:
    return lambda year: date(year, month, day)


def nth_weekday(month: int, weekday: int, n: int) -> Callable[[int], date]:
    def when(year: int) -> date:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))

    return when


def last_weekday(month: int, weekday: int) -> Callable[[int], date]:
    def when(year: int) -> date:
        last = (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)) \
            - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)

    return when


def day_after(rule: Callable[[int], date]) -> Callable[[int], date]:
    return lambda year: rule(year) + timedelta(days=1)


@dataclass(frozen=True)
class HolidayRule:
    key: str                      # stored with every day the rule seeds
    calendar: str
    name: str
    when: Callable[[int], date]
    authority: str                # the legal source, shown beside the day
    first_year: int | None = None  # in force from 1 January of this year
    last_year: int | None = None   # ... to 31 December of this year
    counted: bool = True          # False: listed so the clerk sees why it is an open day
    local_option: str | None = None  # the agency setting that may leave it uncounted
    note: str = ""

    def applies(self, year: int) -> bool:
        return ((self.first_year is None or year >= self.first_year)
                and (self.last_year is None or year <= self.last_year))


CCP135 = "CCP § 135"
G6700 = "Gov. Code § 6700(a)"
RULE_1_11 = ("Cal. Rules of Court, rule 1.11: a judicial holiday on a Saturday is observed the "
             "Friday before, on a Sunday the Monday after")
NOT_135 = "not a court holiday (CCP § 135 excludes it), so CPRA time runs through it"

CA_RULES: tuple[HolidayRule, ...] = (
    HolidayRule("ca-new-year", CA_STATE, "New Year's Day", fixed(1, 1),
                f"{CCP135}; {G6700}(2)"),
    HolidayRule("ca-mlk", CA_STATE, "Martin Luther King Jr. Day", nth_weekday(1, MON, 3),
                f"{CCP135}; {G6700}(3)", local_option=COUNT_MLK_DAY),
    HolidayRule("ca-lincoln", CA_STATE, "Lincoln Day", fixed(2, 12), f"{CCP135}; {G6700}(5)"),
    HolidayRule("ca-presidents", CA_STATE, "Presidents' Day", nth_weekday(2, MON, 3),
                f"{CCP135}; {G6700}(6) (the third Monday in February)"),
    HolidayRule("ca-cesar-chavez", CA_STATE, "Cesar Chavez Day", fixed(3, 31),
                f"{CCP135}; {G6700}(7)", local_option=COUNT_CESAR_CHAVEZ_DAY),
    HolidayRule("ca-memorial", CA_STATE, "Memorial Day", last_weekday(5, MON),
                f"{CCP135}; {G6700}(9) (the last Monday in May)"),
    # AB 1655 (Stats. 2022, ch. 753) added Juneteenth to § 6700 from 2023 without excluding it
    # from § 135; the courts have closed on it since 19 June 2023.
    HolidayRule("ca-juneteenth", CA_STATE, "Juneteenth", fixed(6, 19),
                f"{CCP135}; {G6700}(10) (since 2023, Stats. 2022, ch. 753)", first_year=2023),
    HolidayRule("ca-independence", CA_STATE, "Independence Day", fixed(7, 4),
                f"{CCP135}; {G6700}(11)"),
    HolidayRule("ca-labor", CA_STATE, "Labor Day", nth_weekday(9, MON, 1),
                f"{CCP135}; {G6700}(12) (the first Monday in September)"),
    HolidayRule("ca-native-american", CA_STATE, "Native American Day", nth_weekday(9, FRI, 4),
                f"{CCP135} as amended by AB 855 (Stats. 2021, ch. 283); {G6700}(14)",
                first_year=2022),
    HolidayRule("ca-columbus", CA_STATE, "Columbus Day", nth_weekday(10, MON, 2),
                f"{CCP135}; {G6700}(15) (a court holiday until 2021)", last_year=2021),
    HolidayRule("ca-veterans", CA_STATE, "Veterans Day", fixed(11, 11),
                f"{CCP135}; {G6700} (November 11, \u201cVeterans Day\u201d)"),
    HolidayRule("ca-thanksgiving", CA_STATE, "Thanksgiving Day", nth_weekday(11, THU, 4),
                f"{CCP135} (the Thursday of November declared by the President)"),
    HolidayRule("ca-day-after-thanksgiving", CA_STATE, "Day After Thanksgiving",
                day_after(nth_weekday(11, THU, 4)),
                f"{CCP135} (the day after Thanksgiving Day)"),
    HolidayRule("ca-christmas", CA_STATE, "Christmas Day", fixed(12, 25),
                f"{CCP135}; {G6700} (December 25)"),
    # State holidays that are not court holidays: listed, not counted.
    HolidayRule("ca-genocide-remembrance", CA_STATE, "Genocide Remembrance Day", fixed(4, 24),
                f"{G6700}(8); excluded by {CCP135}", first_year=2023, counted=False,
                note=f"A state holiday, {NOT_135}."),
    HolidayRule("ca-admission", CA_STATE, "Admission Day", fixed(9, 9),
                f"{G6700}(13); excluded by {CCP135}", counted=False,
                note=f"A state holiday, {NOT_135}."),
    HolidayRule("ca-columbus-excluded", CA_STATE, "Columbus Day", nth_weekday(10, MON, 2),
                f"{G6700}(15); excluded by {CCP135} since 2022 (Stats. 2021, ch. 283)",
                first_year=2022, counted=False, note=f"A state holiday, {NOT_135}."),
)

US6103 = "5 U.S.C. § 6103(a)"
US_OBSERVED = ("5 U.S.C. § 6103(b); Executive Order 11582: a holiday on a Saturday is observed "
               "the Friday before, on a Sunday the Monday after")

US_RULES: tuple[HolidayRule, ...] = (
    HolidayRule("us-new-year", US_FEDERAL, "New Year's Day", fixed(1, 1), US6103),
    HolidayRule("us-mlk", US_FEDERAL, "Martin Luther King Jr. Day", nth_weekday(1, MON, 3),
                f"{US6103} (Birthday of Martin Luther King, Jr.)"),
    HolidayRule("us-washington", US_FEDERAL, "Washington's Birthday", nth_weekday(2, MON, 3),
                US6103),
    HolidayRule("us-memorial", US_FEDERAL, "Memorial Day", last_weekday(5, MON), US6103),
    HolidayRule("us-juneteenth", US_FEDERAL, "Juneteenth National Independence Day",
                fixed(6, 19), f"{US6103} (since 17 June 2021, Pub. L. 117-17)", first_year=2021),
    HolidayRule("us-independence", US_FEDERAL, "Independence Day", fixed(7, 4), US6103),
    HolidayRule("us-labor", US_FEDERAL, "Labor Day", nth_weekday(9, MON, 1), US6103),
    HolidayRule("us-columbus", US_FEDERAL, "Columbus Day", nth_weekday(10, MON, 2), US6103),
    HolidayRule("us-veterans", US_FEDERAL, "Veterans Day", fixed(11, 11), US6103),
    HolidayRule("us-thanksgiving", US_FEDERAL, "Thanksgiving Day", nth_weekday(11, THU, 4),
                US6103),
    HolidayRule("us-christmas", US_FEDERAL, "Christmas Day", fixed(12, 25), US6103),
)

RULES: tuple[HolidayRule, ...] = CA_RULES + US_RULES
RULES_BY_KEY = {r.key: r for r in RULES}

# The years the calendars are seeded for: a deadline that runs outside them is refused.
SEED_YEARS = range(2015, 2046)


def _days_of(rule: HolidayRule, year: int) -> list[CalendarEntry]:
    actual = rule.when(year)
    base = CalendarEntry(rule.calendar, actual, rule.name, observed=rule.counted, source=SEEDED,
                         note=rule.note, rule=rule.key, authority=rule.authority,
                         seeded_observed=rule.counted)
    out = [base]
    if not rule.counted or actual.weekday() < SAT:
        return out
    shift = -1 if actual.weekday() == SAT else 1
    observed_rule = RULE_1_11 if rule.calendar == CA_STATE else US_OBSERVED
    out.append(CalendarEntry(
        rule.calendar, actual + timedelta(days=shift), f"{rule.name} (observed)", source=SEEDED,
        note=f"{rule.name} falls on a {'Saturday' if shift < 0 else 'Sunday'} "
             f"({actual.isoformat()}).",
        rule=rule.key, authority=f"{rule.authority}; {observed_rule}", seeded_observed=True))
    return out


def seeded_entries(years: Iterable[int] = SEED_YEARS,
                   rules: Iterable[HolidayRule] = RULES) -> list[CalendarEntry]:
    """Every day the rules give for ``years``, observed days included. An observed day that
    falls outside the years (New Year's Day 2028, a Saturday, is observed on 31 December 2027)
    belongs to the year it falls in."""
    wanted = sorted(set(years))
    if not wanted:
        return []
    first, last = wanted[0], wanted[-1]
    out = []
    for rule in rules:
        for year in range(first - 1, last + 2):
            if not rule.applies(year):
                continue
            out.extend(e for e in _days_of(rule, year) if e.day.year in wanted)
    return sorted(out, key=lambda e: (e.day, e.calendar, e.name))


# The two days of the local option, by setting: (rule key, name in the steps).
LOCAL_OPTIONS: dict[str, tuple[str, str]] = {
    COUNT_MLK_DAY: ("ca-mlk", "Martin Luther King Jr. Day"),
    COUNT_CESAR_CHAVEZ_DAY: ("ca-cesar-chavez", "Cesar Chavez Day"),
}
LOCAL_OPTION_DEFAULTS: dict[str, bool] = {key: True for key in LOCAL_OPTIONS}

_NOT_COUNTED = ("this agency does not count as a holiday (Settings: the office stays open, as "
                "Gov. Code § 6700(a) allows a city, county or district; CCP § 135 still lists it "
                "as a court holiday, so the deadline is the earlier, cautious one)")


@dataclass(frozen=True)
class LocalChoices:
    """The agency's local-option choices as the clock applies them: the rules whose days are not
    counted, and the sentence the deadline steps show."""

    not_counted_rules: dict[str, str]
    step: str


def local_choices(settings: dict[str, object] | None = None) -> LocalChoices:
    """``settings``: the agency settings (missing keys: the default, counted)."""
    chosen = {**LOCAL_OPTION_DEFAULTS, **{k: bool(v) for k, v in (settings or {}).items()
                                          if k in LOCAL_OPTIONS}}
    counted = [name for key, (_, name) in LOCAL_OPTIONS.items() if chosen[key]]
    skipped = [name for key, (_, name) in LOCAL_OPTIONS.items() if not chosen[key]]

    def listed(names: list[str]) -> tuple[str, str, str]:
        one = len(names) == 1
        return " and ".join(names), "is" if one else "are", "it" if one else "them"

    parts = []
    if counted:
        names, verb, it = listed(counted)
        parts.append(f"{names} {verb} counted as closed, as CCP § 135 lists {it} among the "
                     "court holidays")
    if skipped:
        names, verb, it = listed(skipped)
        parts.append(f"{names} {verb} not counted: the office stays open, as Gov. Code "
                     f"§ 6700(a) allows a city, county or district, although CCP § 135 lists "
                     f"{it} among the court holidays (the earlier, cautious deadline)")
    step = "Agency choice (Settings): " + "; ".join(parts) + "."
    return LocalChoices({LOCAL_OPTIONS[k][0]: _NOT_COUNTED for k in LOCAL_OPTIONS
                         if not chosen[k]}, step)
