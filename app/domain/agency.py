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
    # The queue marks a request "due soon" this many days ahead of its deadline.
    "due_soon_days": 2,
    # Gov. Code § 6700(a) local option: a city, county or district need not adopt these two
    # holidays. Counted as closed unless the agency unticks them (see domain.holiday_rules).
    "count_mlk_day": True,
    "count_cesar_chavez_day": True,
    # --- letters (app.services.letters; resources/letters/README.md) ---
    # Printed under the agency's name on the letterhead; optional.
    "agency_phone": "",
    "agency_email": "",
    # A PNG or JPEG printed above the agency's name on the letterhead; optional. The path of
    # the file on this computer (its metadata is removed from every letter).
    "agency_logo": "",
    # Who signs letters: [{"name", "title", "role"}], role one of SIGNER_ROLES. A CPRA
    # extension notice must come from the head of the agency or a designee (Gov. Code
    # § 7922.535(b)); a denial names each person responsible with their title (§ 7922.540(b)).
    "signers": [],
    # Named in every FOIA letter (5 U.S.C. § 552(a)(6)(A)(i)(II), (a)(7)(B)):
    # {"name", "phone", "email"}; empty for an agency that answers no FOIA requests.
    "foia_public_liaison": {},
    # Where a FOIA appeal goes and how long the requester has (at least 90 days,
    # 5 U.S.C. § 552(a)(6)(A)(i)(III)(aa)): {"to", "address", "email", "days"}.
    "foia_appeal": {"to": "", "address": "", "email": "", "days": 90},
    # The language letters are written in unless the clerk chooses: "en" or "es".
    "letter_language": "en",
}

# Signer roles (key -> what a clerk sees).
SIGNER_ROLES = {
    "head": "Head of agency",
    "designee": "Designee of the head of agency",
    "records_officer": "Records officer",
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
