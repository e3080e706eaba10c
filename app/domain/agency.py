"""Agency configuration: the defaults a new database starts with, all editable in Settings.

A new database knows nothing of the agency that uses it: its name, address, Bates prefix and
signers start empty, and the window asks for them (Settings, Ctrl+,). The demo database fills
in an invented agency of its own (:mod:`app.services.demo`). The time zone starts as California's,
the zone a CPRA desk is in; Settings shows it for the clerk to confirm.
"""

from __future__ import annotations

DEFAULT_SETTINGS: dict[str, object] = {
    "agency_name": "",
    "agency_address": "",
    # Naive timestamps in vendor exports are read in this zone.
    "agency_timezone": "America/Los_Angeles",
    # Printed before the page number on every page of a disclosure packet (PREFIX-000123).
    "bates_prefix": "",
    # Who signs the letters: [{"name": ..., "title": ...}]; a CPRA denial names each person
    # responsible for it (Gov. Code § 7922.540).
    "signers": [],
    # Named in FOIA letters that deny in whole or part (5 U.S.C. § 552(a)(6)(F), (l)).
    "foia_public_liaison": "",
    # The queue marks a request "due soon" this many days ahead of its deadline.
    "due_soon_days": 2,
}

# The settings that say who the agency is; Settings edits them together.
AGENCY_KEYS = ("agency_name", "agency_address", "agency_timezone", "bates_prefix", "signers",
               "foia_public_liaison")
MAX_SIGNERS = 20


def agency_missing(settings: dict) -> list[str]:
    """What the agency has not filled in yet, in words (empty when complete)."""
    words = {"agency_name": "the agency's name", "agency_address": "its postal address",
             "bates_prefix": "the Bates prefix", "signers": "who signs the letters"}
    return [text for key, text in words.items() if not settings.get(key)]
