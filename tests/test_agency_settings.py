"""Who the agency is: a new database does not pretend to be the demo agency; Settings saves the
agency's details together, checked, journalled."""

from __future__ import annotations

import pytest

from app.domain.agency import agency_missing
from app.domain.errors import InputError
from app.services import settings
from app.services.database import agency_settings
from app.services.demo import DEMO_AGENCY

GOOD = {"agency_name": "Town of Alder Creek Police", "agency_address": "1 Main St\nAlder, CA",
        "agency_timezone": "America/Los_Angeles", "bates_prefix": "acpd",
        "signers": [{"name": "Ana Ruiz", "title": " Records Manager ", "role": "head"}],
        "foia_public_liaison": {}}


def test_a_new_database_knows_no_agency(db):
    stored = agency_settings(db)
    assert stored["agency_name"] == "" and stored["bates_prefix"] == ""
    assert stored["signers"] == []
    assert "Ribera" not in str(stored)
    assert agency_missing(stored) == ["the agency's name", "its postal address",
                                      "the Bates prefix", "who signs the letters"]
    # What other code reads keeps a working default.
    assert stored["agency_timezone"] == "America/Los_Angeles"


def test_the_demo_names_its_own_agency(demo_db):
    stored = agency_settings(demo_db)
    assert stored["agency_name"] == DEMO_AGENCY["agency_name"]
    assert agency_missing(stored) == []


def test_agency_details_are_saved_together_and_journalled(db, ctx):
    clean = settings.update_agency(db, ctx, GOOD)
    assert clean["bates_prefix"] == "ACPD"
    assert clean["signers"] == [{"name": "Ana Ruiz", "title": "Records Manager",
                                 "role": "head"}]
    stored = agency_settings(db)
    assert {k: stored[k] for k in GOOD} == clean
    events = db.query("SELECT subject FROM events WHERE action = 'settings.changed'")
    # foia_public_liaison was already empty, so it is not an event.
    assert sorted(e["subject"] for e in events) == sorted(
        ["agency_name", "agency_address", "bates_prefix", "signers"])


@pytest.mark.parametrize(("change", "words"), [
    ({"agency_name": " "}, "agency name cannot be empty"),
    ({"agency_timezone": "Pacific Time"}, "is not a time zone"),
    ({"bates_prefix": "R P D"}, "Bates prefix"),
    ({"signers": [{"name": "Ana Ruiz", "title": "", "role": "head"}]},
     "needs both a name and a title"),
    ({"signers": [{"name": "Ana Ruiz", "title": "Chief"}]}, "has the role 'none'"),
    ({"signers": "Ana Ruiz"}, "list of people"),
    ({"signers": [{"name": f"P{i}", "title": "T", "role": "head"} for i in range(21)]},
     "at most 20"),
    ({"foia_public_liaison": {"name": "Ana Ruiz"}}, "a name and a telephone number"),
    ({"letterhead": "x"}, "Not an agency setting"),
])
def test_a_bad_value_saves_nothing(db, ctx, change, words):
    before = agency_settings(db)
    count = db.scalar("SELECT count(*) FROM events")
    with pytest.raises(InputError, match=words):
        settings.update_agency(db, ctx, {**GOOD, **change})
    assert agency_settings(db) == before
    assert db.scalar("SELECT count(*) FROM events") == count
