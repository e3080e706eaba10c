"""Searchers are people: identity fields resolved against the roster, in a fixed order."""

from __future__ import annotations

import pytest

from app.domain.identity import Resolution, Resolver
from app.domain.people import RosterPerson

PEOPLE = (
    RosterPerson(1, "P20417", "García", "José", "Luis", "jose.garcia@ribera-pd.example",
                 "jgarcia", "Detective"),
    RosterPerson(2, "P31125", "Garcia", "Ana", "", "ana.garcia@ribera-pd.example", "agarcia",
                 "Sergeant"),
    RosterPerson(3, "P33871", "Hernández", "Luis", "", "", "lhernandez", "Police Officer III"),
    RosterPerson(4, "P26603", "Hernández-López", "María", "José", "", "mhl", "Detective"),
    RosterPerson(5, "P21904", "Young", "Rose", "", "", "ryoung", "Detective"),
    RosterPerson(6, "C40912", "van der Berg", "Zoë", "", "zoe.vdb@ribera-pd.example", "",
                 "Crime Analyst", ("Zoe Berg-Smit",)),
    RosterPerson(7, "48213", "Okafor", "Terrence", "", "", "tokafor2", "Deputy"),
    RosterPerson(8, "P18830", "O'Connor", "Siobhán", "", "", "", "Sergeant"),
)


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(PEOPLE)


@pytest.mark.parametrize("name", [
    "Det. García", "GARCIA, JOSE", "J. Garcia", "José Luis García", "Detective Jose Garcia",
    "Garcia, Jose (Robbery)", "Jose Garcia Jr.", "García, José L.", "JL Garcia", "jgarcia",
    "Jose Garcia <jose.garcia@ribera-pd.example>",
])
def test_the_name_forms_of_one_person(resolver, name):
    assert resolver.resolve(name=name) == Resolution(1, "name")


@pytest.mark.parametrize(("name", "person"), [
    ("PO III Hernández", 3), ("Hernández", 3),          # the whole surname beats a part of one
    ("Det. Hernández", 4),                              # the rank picks the detective
    ("Sgt. Garcia", 2), ("A. Garcia", 2), ("GARCIA, ANA", 2),
    ("Young", 5), ("Lt. Van Der Berg", 6), ("Zoe Berg-Smit", 6), ("OCONNOR, SIOBHAN", 8),
    ("Sgt. O’Connor", 8),
])
def test_names_that_fit_one_person(resolver, name, person):
    assert resolver.resolve(name=name).person_id == person


def test_a_name_that_fits_two_people_is_unresolved_with_the_reason(resolver):
    assert resolver.resolve(name="Garcia") == Resolution(
        None, "", "2 people match 'Garcia'", (1, 2))


def test_a_name_nobody_has(resolver):
    assert resolver.resolve(name="Mark Young") == Resolution(None, "", "no one on the roster")
    assert resolver.resolve(name="Nobody Here") == Resolution(None, "", "no one on the roster")
    assert resolver.resolve() == Resolution(None, "", "no identity given")
    assert resolver.resolve(name="  ", user_id="") == Resolution(None, "", "no identity given")


@pytest.mark.parametrize(("fields", "person", "by"), [
    ({"user_id": "P20417"}, 1, "employee_id"),
    ({"user_id": "p-20417"}, 1, "employee_id"),
    ({"user_id": " 20417 "}, 1, "employee_id"),             # the number without its prefix
    ({"user_id": "048213"}, 7, "employee_id"),              # leading zero
    ({"email": "Ana <ANA.Garcia@ribera-pd.example>"}, 2, "email"),
    ({"email": "mailto:zoe.vdb@ribera-pd.example"}, 6, "email"),
    ({"username": "RIBERA\\JGarcia"}, 1, "username"),
    ({"username": "agarcia@ribera"}, 2, "username"),
    ({"username": "zoe.vdb"}, 6, "username"),               # the local part of her e-mail
])
def test_the_keys(resolver, fields, person, by):
    assert resolver.resolve(**fields) == Resolution(person, by)


def test_a_different_prefix_is_a_different_number(resolver):
    assert resolver.resolve(user_id="C20417").person_id is None


def test_the_earlier_key_wins_and_says_so(resolver):
    result = resolver.resolve(user_id="P20417", email="ana.garcia@ribera-pd.example",
                              name="Ana Garcia")
    assert (result.person_id, result.by) == (1, "employee_id")
    assert result.reason == ("the e-mail 'ana.garcia@ribera-pd.example' fits Garcia, Ana; "
                             "the name 'Ana Garcia' fits Garcia, Ana; the employee number "
                             "decides")


def test_a_key_that_fits_no_one_or_two_passes_to_the_next(resolver):
    assert resolver.resolve(user_id="Z999", name="Sgt. Garcia") == Resolution(2, "name")
    assert resolver.resolve(name="Garcia", email="jose.garcia@ribera-pd.example") == \
        Resolution(1, "email")
    assert resolver.resolve(user_id="Z999", name="Garcia").reason == "2 people match 'Garcia'"


def test_resolution_order_is_employee_number_email_username_name(resolver):
    everything = {"user_id": "P31125", "email": "jose.garcia@ribera-pd.example",
                  "username": "ryoung", "name": "Hernández"}
    assert resolver.resolve(**everything).by == "employee_id"
    del everything["user_id"]
    assert resolver.resolve(**everything).by == "email"
    del everything["email"]
    assert resolver.resolve(**everything).by == "username"
    del everything["username"]
    assert resolver.resolve(**everything) == Resolution(3, "name")
