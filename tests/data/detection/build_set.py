"""Builds the labelled detection set: ``roster.csv`` and ``notes.jsonl`` beside this file.

    uv run python tests/data/detection/build_set.py

Every name, number and address is invented; ``.example`` domains are reserved (RFC 2606). The
labels come from the notes' markup, written by hand or by the templates below, never from the
detector: ``[[Det. García|person:1]]`` is a span of kind ``person`` naming roster person 1;
``person:-`` names no one in particular (two people fit); a trailing ``~`` marks a span the
detector should offer as a review item rather than a certain hit; ``[[...|phone]]`` and the like
are patterns. Text outside the brackets must produce no hit at all.

Conventions of the labels (what a clerk would redact):
* a rank or title written right before a roster name belongs to the span ("Det. García");
* a possessive "'s" does not ("[[García]]'s notes");
* a date of birth is the date, not the word "DOB"; a phone number includes "(", "+1" and an
  extension;
* an unlisted person's span runs from the rank or title to the end of the name.

A test (``tests/test_detection_eval.py``) checks that the committed files are what this script
writes, so the set is edited here.
"""

from __future__ import annotations

import csv
import json
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOMAIN = "ribera-pd.example"
# The agency's own patterns used in the evaluation: confidential-informant numbers.
CUSTOM_PATTERNS = (("informant_number", r"\bCI-\d{4}\b"),)


@dataclass(frozen=True)
class P:
    pid: int
    employee_id: str
    first: str
    middle: str
    last: str
    rank: str
    username: str
    email: str
    aliases: tuple[str, ...] = ()
    # how the surname alone is labelled: "certain", "review" (common word, two letters, place),
    # or "ambiguous" (another roster person has it too)
    alone: str = "certain"


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c)).replace("Ø", "O").replace("ø", "o")


def _person(pid: int, number: str, first: str, middle: str, last: str, rank: str,
            aliases: tuple[str, ...] = (), alone: str = "certain", username: str = "",
            email: str = "") -> P:
    a_first = re.sub(r"[^a-z]", "", _ascii(first).lower())
    a_last = re.sub(r"[^a-z]", "", _ascii(last).lower())
    return P(pid, number, first, middle, last, rank, username or f"{a_first[0]}{a_last}",
             email or f"{a_first}.{a_last}@{DOMAIN}", aliases, alone)


ROSTER = (
    _person(1, "P20417", "José", "Luis", "García", "Detective", alone="ambiguous"),
    _person(2, "P31125", "Ana", "", "Garcia", "Sergeant", alone="ambiguous"),
    _person(3, "P18830", "Siobhán", "", "O'Connor", "Sergeant", aliases=("Siobhán Kelly",)),
    _person(4, "P27741", "Mary-Kate", "", "Nguyen-Tran", "Detective"),
    _person(5, "C40912", "Zoë", "", "van der Berg", "Crime Analyst"),
    _person(6, "P22068", "Seán", "", "Mac Giolla", "Officer"),
    _person(7, "P35590", "Patrick", "", "D'Amico", "Detective"),
    _person(8, "P29314", "Tomás", "", "Ó Briain", "Detective"),
    _person(9, "C41177", "Élodie", "", "St. Pierre", "Crime Analyst"),
    _person(10, "P26603", "María", "José", "Hernández-López", "Detective"),
    _person(11, "P33871", "Luis", "", "Hernández", "Police Officer III"),
    _person(12, "P24150", "Wei", "", "Li", "Detective", alone="review"),
    _person(13, "P30022", "Kenji", "", "Watanabe", "Detective"),
    _person(14, "P30581", "Mei", "", "Chen-Watanabe", "Detective"),
    _person(15, "P21904", "Rose", "", "Young", "Detective", alone="review"),
    _person(16, "P38245", "Marcus", "", "Bell", "Officer", alone="review"),
    _person(17, "P37016", "Hyun-woo", "", "Park", "Officer", alone="review"),
    _person(18, "P25538", "Luis", "", "Marsh", "Detective", alone="review"),
    _person(19, "P12007", "Robert", "", "Brown", "Captain", aliases=("Bobby",), alone="review"),
    _person(20, "S50331", "Grace", "", "White", "Deputy", alone="review"),
    _person(21, "P36720", "Gabriel", "", "Paz", "Officer", alone="review"),
    _person(22, "P34408", "Daniel", "", "Long", "Corporal", alone="review"),
    _person(23, "P15562", "Sarah", "", "Hill", "Lieutenant", alone="review"),
    _person(24, "P39911", "Anthony", "", "King", "Officer", alone="review"),
    _person(25, "P28849", "DeShawn", "A.", "Washington", "Officer", alone="review"),
    _person(26, "P14470", "Björn", "", "Ångström", "Lieutenant"),
    _person(27, "P32297", "Krzysztof", "", "Wójcik", "Officer"),
    _person(28, "P23385", "Olu", "", "Adébáyọ̀", "Sergeant"),
    _person(29, "P31846", "Thanh", "", "Phạm", "Officer"),
    _person(30, "P36095", "Hannah", "", "Schröder", "Officer"),
    _person(31, "C42260", "Fatima", "", "Al-Sayed", "Crime Analyst"),
    _person(32, "P19733", "Jean-Luc", "", "Lefèvre", "Sergeant"),
    _person(33, "C43318", "Ngozi", "", "Okonkwo", "Crime Analyst"),
    _person(34, "P27109", "Priya", "", "Raghunathan", "Detective"),
    _person(35, "P38872", "Aiyana", "", "Begay", "Officer"),
    _person(36, "R60114", "Dolores", "", "Ruiz", "Records Supervisor", aliases=("Lola",)),
    _person(37, "P29950", "Ivan", "", "Petrović", "Detective"),
    _person(38, "P17426", "Kwame", "", "Mensah", "Sergeant"),
    _person(39, "S51207", "Thomas", "", "Bowen", "Deputy"),
    _person(40, "D70045", "Christine", "", "Lee", "Dispatcher", alone="review"),
    _person(41, "P33650", "Anna", "", "Bellamy", "Officer"),
    _person(42, "P20988", "Tyrone", "", "Youngblood", "Officer"),
    _person(43, "48213", "Terrence", "", "Okafor", "Deputy", username="tokafor2"),
    _person(44, "P26127", "Ingrid", "", "Løvaas", "Detective"),
    _person(45, "P35012", "Dmitri", "", "Ivanov-Smirnov", "Sergeant"),
)
BY_ID = {p.pid: p for p in ROSTER}

RANK_WORDS = {
    "Detective": ("Det.", "Detective", "Det", "DET."),
    "Sergeant": ("Sgt.", "Sergeant", "SGT"),
    "Officer": ("Ofc.", "Officer", "PO", "P.O."),
    "Police Officer III": ("PO III", "Police Officer III", "Ofc."),
    "Lieutenant": ("Lt.", "Lieutenant", "LT"),
    "Captain": ("Capt.", "Captain"),
    "Crime Analyst": ("Analyst", "Crime Analyst"),
    "Deputy": ("Deputy", "Dep.", "DEPUTY"),
    "Corporal": ("Cpl.", "Corporal"),
    "Records Supervisor": ("Supv.", "Supervisor"),
    "Dispatcher": ("Dispatcher",),
}

FULL_RANK = {"Police Officer III": "Police Officer", "Records Supervisor": "Records Supervisor",
             "Crime Analyst": "Crime Analyst"}

# Sentences that carry one name; "{n}" is where it goes. Names at the start, in the middle, at
# the end, before punctuation, after line breaks, with extra spaces.
CARRIERS = (
    "Probe photo from {n}.",
    "{n} requested the search",
    "Per {n} - lead from tip line",
    "Results sent to {n}; follow-up pending",
    "Assist Robbery unit,\n{n}",
    "cc: {n}",
    "Case 25-136102 / {n} / 3 results",
    "{n}: no usable result",
    "Possible match, forwarded to  {n}  for follow-up",
    "Searched at the request of {n}, 14:05",
    "Training search run with {n}",
    "Surveillance still (Walmart, Marsh Rd) shown to {n}",
    "{n}",
    "Follow up by {n} on 10/21/2019",
    "Second search for {n} after no match",
    "Lead from {n}\n\nNo usable result.",
)

# Invented free text with no one in it: common words used as words, streets and places,
# case numbers that look like dates, times, counts, codes.
NEGATIVES = (
    "Suspect fled in a white van, direction unknown",
    "young male, approx 20 yrs, brown jacket and black jeans",
    "Witness rang the bell twice, no answer",
    "Vehicle last seen near Marsh Rd and Park Ave",
    "Burglary at a storage unit in Bell Gardens",
    "Stolen bike recovered at Long Beach pier",
    "Suspect wore a green hoodie and a white cap",
    "Victim is an older man with grey hair",
    "Subject drove a brown Honda with a broken tail light",
    "Case 25-136102 - no match",
    "Case 19-123456, 2019-000123 and 2020-004411: results forwarded",
    "Ran 3 searches at 10:30:15, 5 results each",
    "Search time 09:53:36 AM UTC, 840 networks, 17652 devices",
    "Report 2019-10-21 filed at 23:59",
    "Warrant service at 1200 Young St, apt 4",
    "Shoplifting at King Soopers, 2 suspects",
    "Robbery near Hill St and 3rd",
    "Lost dog on Bell Ave",
    "Carjacking on W Washington Blvd",
    "Vehicle from La Paz, Mexico, stopped at the border",
    "Robbery at Park Plaza, 15 results",
    "the suspect was young and nervous",
    "Long line at the counter; suspect left the store",
    "King size mattress stolen from delivery truck",
    "victim's brown purse taken from the car",
    "a white sedan and a black SUV seen leaving",
    "Search of the marsh near the creek, no results",
    "Meeting at the park at 3 pm",
    "Hill top parking lot, camera 4",
    "Suspect hid in the hills behind the school",
    "Shots fired in the area of Park and Main",
    "BOLO white pickup, no plate visible",
    "Witness heard the school bell ring at 8:05",
    "Fraud: gift cards bought with a stolen card, 6 transactions",
    "Identity theft, victim age 67",
    "warrant",
    "bolo",
    "stolen vehicle",
    "welfare check",
    "Investigation",
    "Missing person 25-131476",
    "Agency assist",
    "11-6-25 retail theft, booster headed east",
    "10-31 traffic stop",
    "Search 24-15881 rerun",
    "Case 144458",
    "25.134692",
    "Training / test search",
    "Hit and run, 2 vehicles",
    "Suspect vehicle a light brown Toyota",
    "Elder abuse referral from Adult Protective Services",
    "Narcotics sales, 3 subjects",
    "Social media photo supplied by victim",
    "No usable result",
    "Surveillance still from business, poor quality",
    "Possible match, follow-up pending",
    "Assist Crimes Against Persons",
    "Probe image from ring doorbell camera",
    "Suspect has a rose tattoo on the left hand",
    "Stolen property: gold ring, white gold chain",
    "Shooting at the Young America car wash",
    "Theft at the Long's Drugs on 4th St",
    "Park rangers assisted with the search",
    "Vehicle towed to King City yard",
    "Loss prevention sent stills, 2 images",
    "The officer involved was not injured",
    "Officer safety bulletin, armed and dangerous",
    "Deputy request",
    "DEPUTY REQUEST",
    "Detective Bureau follow-up",
    "Sergeant on scene advised no further action",
    "per dispatch, subject fled on foot",
    "Suspect is a white male, 6 ft, slim build",
    "Victim described a young woman with long hair",
    "vehicle: 2015 Ford, color green",
    "call back at 3:15",
    "Results: 0",
    "35 results, 2 possible",
    "Hours 0800-1600, 3 days",
    "Evidence item 12 of 40",
    "Camera 7, frames 1200-1260",
    "Booking photo comparison, 1 candidate",
    "Suspect fled toward Lake Marsh",
    "Brown Street parking garage, level 2",
    "Incident at North Park library",
    "Missing juvenile last seen at Washington Elementary",
    "green light at the intersection",
    "Subject hid in the brush near the long fence",
    "ROBBERY - WHITE VAN - NO PLATES",
    "SUSPECT WORE A BROWN JACKET",
    "Victim's new phone stolen",
    "Stolen: 2 laptops, 1 tablet, 12 gift cards",
    "Dates checked: 01/02/2020 to 01/09/2020",
    "Time frame 11/13/2025 10:00 PM to 11/14/2025 10:00 AM",
    "Version 1.2.3 of the app",
    "Ratio 3:2 of matches",
    "Result score 99.2",
    "Report no. 2021-118374",
    "Page 3 of 12",
    "Items 1-4 logged",
    "Room 101",
    "Zip 95814",
    "Unit 4B responded",
    "Ran the plate, no record",
    "plate check",
    "Tag not assigned",
    "stolen tag",
    "Stolen license plate",
    "No DL",
    "fake temp tags",
    "the bell rang at 7:55",
    "a long night, 12 searches",
    "king of the hill tournament flyer found at scene",
    "Young adult suspect, approx 19",
    "brown jacket, white shoes",
    "white male with a backpack",
    "Officer Involved Shooting review",
    "Sgt on scene",
    "Det. Bureau",
    "Met with Patrol North",
    "Walmart niceville orc attempt",
    "bolo poss stolen",
    "Flee and Elude",
    "locate missing person",
    "Verify identity",
    "Theft at Kohls",
    "ICAC traveler",
    "Lululemon fraud 11-6-25",
    "narcotics tip",
    "Victoria Secret grab and run",
    "Home Depot theft",
    "Suspect used a stolen credit card at 3 stores",
    "Two suspects: one in a brown coat, one in a white hoodie",
    "Rain, poor visibility",
    "MARSH RD / PARK AVE",
    "Seen near Green Valley",
    "Washington Ave overpass",
    "Hill Rd exit",
    "At the Rose Garden",
    "Near King Blvd",
    "Bell Tower parking",
    "1200 Park",
    "400 Bell",
    "Long Beach PD assist",
    "from Bell Gardens PD",
    "Paz Ave",
)

# Notes with patterns and unlisted people (markup as above).
PATTERN_NOTES = (
    "Call back at [[(555) 012-3456|phone]]",
    "Victim phone [[555-012-3456|phone]], alt [[555.012.9876|phone]]",
    "Witness cell [[+1 555 012 3456|phone]]",
    "Contact [[1-555-014-7788|phone]] after 5 pm",
    "Phone: [[(555)013-2299|phone]], or [[555 013 2290|phone]]",
    "Tip line caller at [[555-019-0000 x12|phone]]",
    "cell [[5550173322|phone]]",
    "Results sent to [[investigations@sheriff.example|email]]",
    "Suspect email [[big.tony77@mail.example|email]] from the victim's phone",
    "cc [[records-unit@ribera-pd.example|email]] and [[lopez.family@home.example|email]]",
    "Login from [[10.14.2.31|ipv4]]",
    "IP [[192.168.0.14|ipv4]] and [[172.16.254.1|ipv4]]",
    "Session from [[2001:db8:85a3::8a2e:370:7334|ipv6]]",
    "IPv6 [[fe80::1ff:fe23:4567:890a|ipv6]] (workstation 12)",
    "Victim SSN [[123-45-6789|ssn]] on the report",
    "SSN: [[078051120|ssn]]",
    "social security no. [[219 09 9999|ssn]]",
    "Subject DOB [[01/02/1980|dob]], no record",
    "D.O.B. [[3/14/76|dob]]",
    "born [[1980-01-02|dob]] in Fresno",
    "Date of birth: [[January 2, 1980|dob]]",
    "DOB: [[12-31-1999|dob]]",
    "juvenile, born [[2009|dob]]",
    "DL [[A1234567|drivers_licence]] suspended",
    "CA DL# [[B7654321|drivers_licence]]",
    "Driver's license [[S123-456-78-901-0|drivers_licence]] (FL)",
    "OLN [[D9988776|drivers_licence]]",
    "Card found: [[F5551234|drivers_licence~]]",
    "Plate [[7ABC123|licence_plate]] stolen",
    "Suspect vehicle [[8XYZ456|licence_plate]], white Camry",
    "LP [[4GHJ12|licence_plate]]",
    "tag [[ABC1234|licence_plate]] FL",
    "lic [[6TRM483|licence_plate]]",
    "plate: TX [[123-ABC|licence_plate]]",
    "Ran [[5KLM901|licence_plate]] twice",
    "Informant [[CI-0042|custom]] provided the photo",
    "Per [[CI-1187|custom]], vehicle is at the motel",
    "Name [[***|vendor_mask]] searched [[****|vendor_mask]]",
    "User [[REDACTED|vendor_mask]] ran 4 searches",
    "Requested by [[[REDACTED]|vendor_mask]]",
    "Officer [[(redacted)|vendor_mask]] on scene",
    "Badge [[XXXX|vendor_mask]], case 25-957",
    "[[[REDACTED - 6254(c)]|vendor_mask]] requested",
    "requested by [[Ofc. Smith|unlisted_person~]]",
    "[[Sgt. Jenkins|unlisted_person~]] approved the search",
    "Per [[Detective Alvarez|unlisted_person~]], lead is good",
    "[[Deputy Harmon|unlisted_person~]] requested plate check",
    "Assisted [[Officer J. Doyle|unlisted_person~]] with a photo",
    "For [[A. Planck|unlisted_person~]]",
    "[[Lt. Maria Sandoval|unlisted_person~]] authorized the search",
    "[[OFC KOWALSKI|unlisted_person~]] REQUESTED",
    "Requested by [[John Whitaker|unlisted_person~]] of the DA's office",
    "[[Mr. Feeney|unlisted_person~]] (store manager) supplied the video",
    "[[Tpr. Gallagher|unlisted_person~]] (CHP) asked for a rerun",
    "[[Cpl. Yusuf|unlisted_person~]] and [[Det. García|person:1]] reviewed",
    "Per [[Sgt. Osei|unlisted_person~]] and [[Sgt. O'Connor|person:3]]",
)


def rank_variants(p: P) -> tuple[str, ...]:
    return RANK_WORDS.get(p.rank, ())


def forms_of(p: P, rng: random.Random) -> list[tuple[str, str, str]]:
    """(written name, form label, expectation) for one roster person: "certain", "review" or
    "ambiguous" (person_id None)."""
    out: list[tuple[str, str, str]] = []
    first_main = p.first
    last = p.last
    amb = p.alone
    pid_expect = "ambiguous" if amb == "ambiguous" else "certain"
    out.append((f"{first_main} {last}", "full_name", "certain"))
    out.append((f"{last}, {first_main}", "last_first", "certain"))
    out.append((f"{_ascii(last).upper()}, {_ascii(first_main).upper()}", "last_first_caps",
                "certain"))
    out.append((f"{first_main[0]}. {last}", "initial_last", "certain"))
    # "A King" without a period may be the article: a review item when the surname is a
    # common word (see the detector's decisions); "A Garcia" is certain.
    out.append((f"{first_main[0]} {_ascii(last)}", "initial_last_plain",
                "review" if first_main[0] in "AI" and amb == "review" else "certain"))
    if p.middle:
        out.append((f"{first_main} {p.middle} {last}", "first_middle_last", "certain"))
        out.append((f"{first_main} {p.middle[0]}. {last}", "first_m_last", "certain"))
    for rank in rank_variants(p)[:3]:
        out.append((f"{rank} {last}", "rank_last", "certain"))
    rank = rank_variants(p)[0] if rank_variants(p) else "Det."
    out.append((f"{rank} {_ascii(last)}", "rank_last_plain", "certain"))
    full_rank = FULL_RANK.get(p.rank, p.rank)
    out.append((f"{full_rank} {first_main} {last}", "rank_full_name", "certain"))
    out.append((last, "surname", "review" if amb == "review" else pid_expect))
    out.append((_ascii(last).upper(), "surname_caps", "review" if amb == "review" else pid_expect))
    if _ascii(last) != last:
        out.append((_ascii(last), "surname_no_accents", pid_expect))
        out.append((f"{_ascii(first_main)} {_ascii(last)}", "full_name_no_accents", "certain"))
    out.append((p.username, "username", "certain"))
    out.append((p.email, "email", "certain"))
    out.append((p.employee_id if not p.employee_id.isdigit() else f"badge {p.employee_id}",
                "employee_id", "certain"))
    for alias in p.aliases:
        out.append((f"{alias} {last}" if " " not in alias else alias, "alias", "certain"))
    if "-" in last:
        out.append((f"{first_main} {last.replace('-', ' ')}", "hyphen_as_space", "certain"))
    if "'" in last:
        out.append((f"{rank} {last.replace(chr(39), chr(0x2019))}", "curly_apostrophe",
                    "certain"))
    return out


def _mark(text: str, spec: str) -> str:
    return f"[[{text}|{spec}]]"


def person_notes(rng: random.Random) -> list[tuple[str, str]]:
    """(marked note, tag) for every roster person in every form."""
    notes: list[tuple[str, str]] = []
    for p in ROSTER:
        for written, form, expect in forms_of(p, rng):
            carrier = rng.choice(CARRIERS)
            pid = "-" if expect == "ambiguous" or (
                form in ("surname", "surname_caps", "surname_no_accents")
                and p.alone == "ambiguous") else str(p.pid)
            review = "~" if expect == "review" else ""
            spec = f"person:{pid}{review}"
            if form == "employee_id" and written.startswith("badge "):
                marked = carrier.replace("{n}", "badge " + _mark(written[6:], spec))
            else:
                marked = carrier.replace("{n}", _mark(written, spec))
            notes.append((marked, form))
    # Possessives, straight and curly.
    for p, mark in ((BY_ID[1], "’s"), (BY_ID[3], "’s"), (BY_ID[13], "'s"), (BY_ID[7], "'s"),
                    (BY_ID[10], "’s")):
        rank = rank_variants(p)[0]
        notes.append((f"Photo from {_mark(f'{rank} {p.last}', f'person:{p.pid}')}{mark} "
                      "phone", "possessive"))
    return notes


# Hand-written notes: the hard cases, several people per note, messy text.
HAND = (
    ("[[Det. García|person:1]] requested; [[GARCIA, JOSE|person:1]] approved", "mixed"),
    ("[[J. Garcia|person:1]] and [[A. Garcia|person:2]] both ran it", "shared_surname"),
    ("[[Sgt. Garcia|person:2]] signed off", "shared_surname"),
    ("[[Garcia|person:-]]/[[Park|person:17~]] shared the lead", "slash"),
    ("shared w/ [[jgarcia|person:1]]", "username"),
    ("Shared w/[[agarcia|person:2]] and [[soconnor|person:3]]", "username"),
    ("[[Detective Jose Garcia|person:1]] and [[PO III Hernández|person:11]]", "rank_full"),
    ("[[Det. Hernández|person:10]] (Sex Crimes) asked [[Ofc. Hernandez|person:11]]", "rank_pick"),
    ("[[Hernández|person:11]] ran it for [[María José Hernández-López|person:10]]", "substring"),
    ("[[Watanabe|person:13]] and [[Chen-Watanabe|person:14]] compared notes", "substring"),
    ("[[Det. Chen|person:14]] forwarded to [[Kenji Watanabe|person:13]]", "part"),
    ("[[Li|person:12~]] and Lin Street, [[W. Li|person:12]]", "two_letters"),
    ("[[Bellamy|person:41]], not [[Bell|person:16~]]", "substring"),
    ("[[Youngblood|person:42]] drove; [[Young|person:15~]] searched", "substring"),
    ("[[Nguyen Tran|person:4]] / [[Nguyen-Tran|person:4]] / [[NGUYEN-TRAN|person:4]]",
     "hyphen"),
    ("[[Lt. van der Berg|person:5]] and [[Analyst Van Der Berg|person:5]]", "particle"),
    ("[[Vanderberg|person:5]] ran the search", "particle"),
    ("[[Ofc. Mac Giolla|person:6]] and [[MacGiolla|person:6]]", "particle"),
    ("[[D'Amico|person:7]], [[DAmico|person:7]], [[D’Amico|person:7]]", "apostrophe"),
    ("[[Det. O Briain|person:8]] / [[O'Briain|person:8]] / [[Ó Briain|person:8]]", "particle"),
    ("[[Élodie St. Pierre|person:9]] and [[Analyst Saint Pierre|person:9]]", "particle"),
    ("[[ST. PIERRE|person:9]] RAN SEARCH", "particle"),
    ("[[Al-Sayed|person:31]] (analyst) and [[Al Sayed|person:31]]", "particle"),
    ("[[Jean-Luc Lefèvre|person:32]], [[Jean Luc Lefevre|person:32]], [[JL Lefevre|person:32]]",
     "hyphen_first"),
    ("[[Mary-Kate Nguyen-Tran|person:4]] aka [[MK Nguyen-Tran|person:4]]", "hyphen_first"),
    ("Per [[young|person:15~]]", "common_lower_cue"),
    ("[[young|person:15~]] req", "common_lower_cue"),
    ("cc [[white|person:20~]] and [[bell|person:16~]]", "common_lower_cue"),
    ("[[Young|person:15~]] said the white van was gone", "common_capital"),
    ("[[Det. Young|person:15]] and [[Officer Bell|person:16]]", "common_rank"),
    ("[[Capt. Brown|person:19]] approved; [[Bobby Brown|person:19]] signed", "alias"),
    ("[[Lola Ruiz|person:36]] from Records", "alias"),
    ("[[Siobhán Kelly|person:3]] (former name)", "alias"),
    ("[[Deputy White|person:20]] wore a white jacket", "common_rank"),
    ("[[Cpl. Long|person:22]] worked a long shift", "common_rank"),
    ("[[Lt. Hill|person:23]] at the top of the hill", "common_rank"),
    ("[[Ofc. King|person:24]] at King Soopers", "common_rank"),
    ("[[Ofc. Park|person:17]] parked near Park Ave", "common_rank"),
    ("[[Det. Marsh|person:18]] searched the marsh off Marsh Rd", "common_rank"),
    ("[[Ofc. Paz|person:21]] from La Paz", "place_rank"),
    ("[[Officer Washington|person:25]] on Washington Blvd", "place_rank"),
    ("[[Washington|person:25~]] requested", "place"),
    ("[[DeShawn A. Washington|person:25]]", "middle_initial"),
    ("[[Dispatcher Lee|person:40]] relayed the plate", "common_rank"),
    ("[[Lee|person:40~]] relayed it", "common_capital"),
    ("Lead from [[Björn Ångström|person:26]] ([[BJORN ANGSTROM|person:26]])", "accents"),
    ("[[Lt. Angstrom|person:26]] approved", "accents"),
    ("[[Wojcik|person:27]] and [[Wójcik|person:27]]", "accents"),
    ("[[Sgt. Adébáyọ̀|person:28]] and [[Sgt. Adebayo|person:28]]", "combining"),
    ("[[Pham|person:29]] / [[Phạm|person:29]]", "accents"),
    ("[[Schroder|person:30]], [[Schröder|person:30]], [[SCHRÖDER|person:30]]", "accents"),
    ("[[Løvaas|person:44]] and [[Lovaas|person:44]]", "accents"),
    ("[[Ivanov-Smirnov|person:45]], [[Sgt. Ivanov|person:45]]", "part"),
    ("[[Smirnov|person:45~]] asked", "part"),
    ("[[Okonkwo|person:33]]'s request", "possessive"),
    ("[[Raghunathan|person:34]]’s lead", "possessive"),
    ("[[Begay|person:35]]: hit", "surname_punct"),
    ("(([[Mensah|person:38]]))", "surname_punct"),
    ("\"[[Petrović|person:37]]\"", "surname_punct"),
    ("[[bowen|person:39]]", "lower_surname"),
    ("[[bowen|person:39]] req", "lower_surname"),
    ("[[okafor|person:43]] warrant", "lower_surname"),
    ("badge [[48213|person:43]] and serial #[[48213|person:43]]", "numeric_id"),
    ("employee [[P-20417|person:1]], [[p 31125|person:2]]", "id_forms"),
    ("ran by [[tokafor2|person:43]]", "username"),
    ("[[jose.garcia@ribera-pd.example|person:1]] and [[JOSE.GARCIA@RIBERA-PD.EXAMPLE|person:1]]",
     "email"),
    ("Sent to <[[s.oconnor@ribera-pd.example|email]]>", "email_other"),
    ("[[Sgt.O'Connor|person:3]] and [[Sgt .  O'Connor|person:3]]", "spacing"),
    ("[[Det.\nGarcía|person:1]]", "line_break"),
    ("[[Jose\nGarcia|person:1]]", "line_break"),
    ("  [[Raghunathan|person:34]]  ", "spacing"),
    ("[[Mensah|person:38]]!", "surname_punct"),
    ("...[[Begay|person:35]]...", "surname_punct"),
    ("[[DET GARCIA|person:1]] RAN SEARCH FOR [[SGT OCONNOR|person:3]]", "caps"),
    ("[[det garcia|person:1]] req", "lower_rank"),
    ("[[garcia|person:-]] req", "lower_surname"),
    ("[[det. garcia|person:1]] req", "lower_rank"),
    ("ran w/ [[p.o. king|person:24]]", "lower_rank"),
    ("[[Garcia, J|person:1]]. and [[Garcia, A|person:2]]", "last_initial"),
    ("[[GARCIA J|person:1]]", "last_initial"),
    ("[[Luis García|person:1]] (middle name)", "middle_last"),
    ("[[J. L. Garcia|person:1]] and [[JL Garcia|person:1]]", "initials"),
    ("Emoji 🚓 [[Det. García|person:1]] 👍", "emoji"),
    ("Straße: [[Schröder|person:30]] saw it", "eszett"),
    ("[[ＧＡＲＣＩＡ, ＪＯＳＥ|person:1]] (full-width)", "fullwidth"),
    ("[[Gar\u00adcía|person:-]] (soft hyphen)", "soft_hyphen"),
    ("[[Garcı́a|person:-]]", "combining"),
    ("Met [[Ofc. Mac Giolla|person:6]] at 14:05; [[Seán Mac Giolla|person:6]]", "particle"),
    ("[[Mei Chen-Watanabe|person:14]] and [[Kenji Watanabe|person:13]]", "substring"),
    ("[[Zoë van der Berg|person:5]] / [[Zoe Van der Berg|person:5]]", "particle"),
    ("[[Analyst Berg|person:5]] reviewed", "part"),
    ("[[Thomas Bowen|person:39]] and [[Deputy Bowen|person:39]]", "full_name"),
    ("[[P.O. Park|person:17]] and [[Hyun-woo Park|person:17]]", "common_rank"),
    ("[[Robert Brown|person:19]] wore a brown jacket", "common_full"),
    ("[[Rose Young|person:15]], a young detective", "common_full"),
    ("[[Grace White|person:20]] in the white car", "common_full"),
    ("[[Marcus Bell|person:16]] rang the bell", "common_full"),
    ("[[Sarah Hill|person:23]] at Hill St", "common_full"),
    ("[[Daniel Long|person:22]] on Long Beach Blvd", "common_full"),
    ("[[Gabriel Paz|person:21]] in La Paz", "place_full"),
    ("[[Luis Marsh|person:18]] and [[Luis Hernández|person:11]]", "shared_first"),
    ("[[Captain Robert Brown|person:19]]", "rank_full"),
    ("[[Sergeant Ana Garcia|person:2]]", "rank_full"),
    ("[[Det. J. Garcia|person:1]]", "rank_initial"),
    ("[[P20417|person:1]] / [[C40912|person:5]] / [[R60114|person:36]]", "employee_id"),
    ("[[Ms. Ruiz|person:36]] from Records", "title"),
    ("[[Mr. Mensah|person:38]] and [[Dr. Okonkwo|person:33]]", "title"),
    ("[[Ofc. Wojcik|person:27]] w/ [[Ofc. Smith|unlisted_person~]]", "unlisted_mixed"),
    ("Requested by [[Det. García|person:1]] for [[Sgt. Whitfield|unlisted_person~]]",
     "unlisted_mixed"),
    ("[[Officer Bell|person:16]], [[Officer Belmont|unlisted_person~]]", "unlisted_mixed"),
    ("[[Young|person:15~]]: reran plate [[7ABC123|licence_plate]]", "pattern_mixed"),
    ("[[Sgt. Mensah|person:38]] cell [[(555) 013-4477|phone]]", "pattern_mixed"),
    ("Login [[jgarcia|person:1]] from [[10.14.3.77|ipv4]]", "pattern_mixed"),
    ("[[Det. D'Amico|person:7]] DOB [[4/5/1983|dob]]??", "pattern_mixed"),
    ("[[A. King|person:24]] signed; [[A Garcia|person:2]] too", "initial_last"),
    ("[[Joe Garcia|person:-]] called back", "unknown_given"),
    ("[[Mark Young|person:15~]] called back", "unknown_given"),
    ("Per [[Jose R. Garcia|person:-]], no match", "unknown_given"),
    ("[[Okonkwo, Ada|person:33]] signed", "unknown_given"),
    ("[[Kofi Mensah|person:38]] requested it", "unknown_given"),
    ("[[MENSAH, KOFI|person:38]]", "unknown_given"),
)


def parse(marked: str) -> tuple[str, list[dict]]:
    out: list[str] = []
    spans: list[dict] = []
    pos = 0
    length = 0
    for m in re.finditer(r"\[\[(.+?)\|([a-z_0-9]+)(?::(\d+|-))?(~)?\]\]", marked, re.S):
        plain = marked[pos:m.start()]
        out.append(plain)
        length += len(plain)
        text, kind, pid, review = m.groups()
        span = {"start": length, "end": length + len(text), "kind": kind, "text": text}
        if kind == "person":
            span["person_id"] = None if pid in (None, "-") else int(pid)
        span["review"] = bool(review)
        spans.append(span)
        out.append(text)
        length += len(text)
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


def build() -> tuple[str, str]:
    """The contents of roster.csv and notes.jsonl."""
    rng = random.Random(20261126)
    rows: list[tuple[str, str]] = []
    rows += person_notes(rng)
    rows += [(note, tag) for note, tag in HAND]
    rows += [(note, "pattern") for note in PATTERN_NOTES]
    rows += [(note, "negative") for note in NEGATIVES]
    lines = []
    for number, (marked, tag) in enumerate(rows, 1):
        text, spans = parse(marked)
        if "[[" in text or "]]" in text.replace("[REDACTED]]", ""):
            raise ValueError(f"unbalanced markup: {marked!r}")
        lines.append(json.dumps({"id": number, "tag": tag, "text": text, "spans": spans},
                                ensure_ascii=False))
    notes = "\n".join(lines) + "\n"
    roster_rows = [["person_id", "employee_id", "last_name", "first_name", "middle_name",
                    "email", "username", "rank", "aliases"]]
    roster_rows += [[str(p.pid), p.employee_id, p.last, p.first, p.middle, p.email, p.username,
                     p.rank, ";".join(p.aliases)] for p in ROSTER]
    roster = "".join(",".join(_csv_cell(c) for c in row) + "\n" for row in roster_rows)
    return roster, notes


def _csv_cell(value: str) -> str:
    return f'"{value}"' if any(ch in value for ch in ',"\n') else value


def main() -> None:
    roster, notes = build()
    (HERE / "roster.csv").write_text(roster, encoding="utf-8", newline="")
    (HERE / "notes.jsonl").write_text(notes, encoding="utf-8", newline="")
    count = notes.count("\n")
    print(f"wrote {len(ROSTER)} people and {count} notes to {HERE}")


def load_roster(path: Path = HERE / "roster.csv") -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


if __name__ == "__main__":
    main()
