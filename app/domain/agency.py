"""Agency configuration: the defaults a new database starts with, all editable in Settings."""

from __future__ import annotations

DEFAULT_SETTINGS: dict[str, object] = {
    "agency_name": "City of Ribera Police Department",
    "agency_address": "100 Civic Center Plaza\nRibera, CA 90000",
    # Naive timestamps in vendor exports are read in this zone.
    "agency_timezone": "America/Los_Angeles",
    "bates_prefix": "RPD",
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
