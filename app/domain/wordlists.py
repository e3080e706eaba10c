"""Word lists the name detector leans on. All entries are folded (see ``people.fold``).

They are data, not rules: an agency passes its own ``common_words`` to the detector; the rest are
small closed classes (ranks, street words, name particles) that change rarely.
"""

from __future__ import annotations


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Surnames that are also ordinary English words. In running text such a surname stands alone
# mostly as the word ("a white van", "young male", "rang the bell"): alone it is a review item
# at most, never a certain hit (see ``detection``). Two-letter surnames ("Li", "Ng") are treated
# the same way.
COMMON_WORDS = _words("""
    abbey able alder amber angel angle apple archer arch armstrong arrow ash badger bailey baker
    bald ball bank banks barber bard bark barley barn baron barr barrel bass battle bay beach beam
    bean bear beard bee bell bells belt bench bend berry best bird bishop black blade blank bliss
    block bloom blue blunt boat bold bolt bond bone booth boss bottom bough bow bowman box brand
    brass brave bray bread breeze brick bridge bridges bright brink broad brook brooks broom brown
    brush buck bud bull burn burns bush butcher butler butter cable call camp cane cannon cant
    canyon cape card carpenter carver case cash castle cave chamber chambers champion chance
    chandler chapel chase cheek cherry child church clay clear cliff clock close cloud coach coat
    cook cooper copper corn corner cotton couch court crane crisp crook cross crow crown cruise
    cunning curry cutter dale dance darling dash dawn day deal dean deer dell diamond dock dodge
    doe dollar door dove down downs draper drum duck duke dye eagle earl early east edge elder
    elk elm english fair faith falcon fall farmer fast fear field fields finch fine fish fisher
    flag flint flood flower flowers foot ford forest fort fortune fountain fowler fox frank free
    freeman friend frost fry fuller gable gale gamble garden gardener gardner gates gay gift glass
    glen glover gold golden good goode goodman goose grace grand grant grape gray green greene
    grey grove groves guard guest gunn guy hale hall ham hammer hand hardy hare harm harp harper
    hart hatch hawk hay haze hazel head heart heath hedge helm herring hill hills holiday hollow
    holly home hood hook hope horn horne horse house hull hunt hunter hurst ivory jack jay jewel
    joy judge keen keys kidd kind king kitchen knight knott lake lamb land lane lark law lawn lay
    lea leach lee legg lemon liberty light lily lime link lion little lock locke lodge long lord
    love low lowe loyal luck lucky mann march mark marks marsh mason may mead meadow meadows means
    mercer merry miles mill miller mills miner mint moody moon moor moss mount mountain nail
    needle new newman nice noble north nunn oak oaks olive orange orchard page palmer park parker
    parks parr parsons pass patch patience peace peach peacock pearl peck penny pepper person
    pike pine pink piper pitt plant pool poole pope porter post potter pound power powers pratt
    price pride prince prosper quick rain rains range ransom ray read reader reed rice rich ring
    rivers road robin rock rocks rook root rose rowe royal rush rust sage sale salt sands savage
    sawyer scales school seal seals season sellers sergeant shade shady shaft shank sharp shepherd
    shield shields ship shore short simple singer skinner slate slater slaughter small smart
    snow soles spark sparks speed spicer spring springs stamp stack stand staple starr steel
    steele stem steward still stock stocks stone storm story stout strange straw street strong
    summer summers swain swan sweet swift tanner temple thorn thorne thrush tidy tiger till
    timber toll tower towers trail tree trim trout trueman tucker turner union vale vine wade
    wain walker wall walls ward ware warren wash water waters watt weaver webb weeks well wells
    west wheat wheeler whip white wild will willow winter winters wise wolf wood woods worth wren
    yard young
""")

# Surnames that are also place names or given names ("Washington", "Lincoln", "Paz", "Jordan"):
# alone they are review items however they are written, and no hit at all as part of a place
# ("Washington Blvd", "La Paz", "in Houston").
PLACE_WORDS = _words("""
    austin boston camden carson chester clayton dallas denver devon durham easton everett
    fairfax florence fresno georgia hamilton hampton houston hudson irvine jackson jordan kent
    lancaster lincoln london madison milton monroe montgomery orlando paris paz phoenix raleigh
    richmond rome salem sherman sydney trenton troy tyler vernon victoria virginia washington
    wellington york
""")

# Words that end a street, place or building name: "Marsh Rd", "Bell Gardens", "Long Beach".
STREET_WORDS = _words("""
    st street rd road ave av avenue blvd boulevard dr drive ln lane way ct court pl place pkwy
    parkway hwy highway fwy freeway cir circle ter terrace trl trail sq square gardens garden park
    heights hts hills beach city county valley springs lake lakes creek river center centre mall
    plaza village estates station school elementary high middle academy hospital church library
    field fields bridge canyon mesa ranch harbor harbour bay point pointe crossing commons
    market apartments apts apt condos motel hotel inn shores grove island isle loop row alley
    expressway expy tpke turnpike route rte crescent cres close walk path pike run bluff ridge
    woods forest mountain mtn hollow glen pd so airport base campus college university
    tower towers
""")

# Words that start a place name: "La Paz", "North Park", "Lake Young", "Mt. Hood".
PLACE_PREFIXES = _words("""
    mt mount lake fort ft port san santa los las la el north south east west n s e w ne nw se sw
    upper lower new old glen cape point downtown
""")

# Words that, in front of a lower-case surname that is also a common word, suggest it is a
# person after all ("per young", "w/ bell", "cc white"), and words that do so after it.
CUE_BEFORE = _words("""
    per by from to w with cc bcc for and ask asked called contacted contact via attn notify
    notified told advised tell request requested req sent emailed phoned texted assisted assist
    ofc det sgt
""")
CUE_AFTER = _words("""
    req request requested requesting said says advised stated reported called asked ran searched
    searching wants needs will was has had is
""")

# Words in front of a common-word surname that make it the word ("a white van", "the bell",
# "his brown jacket"; in lower case also "of white", "near the park"), and words after it that
# it describes ("young male", "white Honda").
ARTICLES = _words("""
    a an the his her their its our my your this that these those some any no each every one two
    light dark very too more most less
""")
PREPOSITIONS = _words("of in into on at near behind under over off onto inside")
DESCRIBED = _words("""
    male males female females man men woman women boy boys girl girls kid kids child children
    juvenile juveniles adult adults person people subject subjects suspect suspects driver
    drivers passenger occupant occupants individual guy lady teen teens
    van vans car cars truck trucks pickup suv sedan coupe vehicle vehicles veh minivan jeep
    hatchback wagon motorcycle bike bicycle scooter trailer bus boat
    honda toyota ford chevy chevrolet nissan dodge kia hyundai bmw mercedes tesla jeep gmc ram
    jacket jackets shirt shirts hoodie hoody sweatshirt pants jeans shorts hat cap beanie shoes
    sneakers boots dress coat vest backpack bag bags gloves mask hair beard skin tshirt tee
    color colour colored coloured paint top roof bumper door doors tint tinted wheels rims
    line lines house building fence gate dog cat purse wallet size sleeve sleeves sleeved
    haired term range distance
""")

# Name particles: parts of a surname that are not a surname on their own.
PARTICLES = _words("""
    van von der den de del della dela di da das dos du la le lo mac mc o st saint ste sainte ter
    ten bin ibn al el y e af zu ap ben bat
""")

# Rank and title words -> the class they name. A class narrows which roster person is meant
# ("Det. Garcia" when two Garcias are on the roster, one a detective).
_RANK_CLASSES = {
    "detective": "det dets detective detectives",
    "sergeant": "sgt sgts sergeant sarge",
    "lieutenant": "lt lieut lieutenant",
    "captain": "capt cpt cap captain",
    "commander": "cmdr cmdr cdr commander",
    "corporal": "cpl corporal",
    "officer": "ofc ofcr off officer officers po patrolman ptl pso cso",
    "deputy": "dep dpty deputy deputies",
    "trooper": "tpr trooper",
    "agent": "agent sa",
    "investigator": "inv invest investigator",
    "analyst": "analyst",
    "chief": "chief",
    "sheriff": "sheriff undersheriff",
    "supervisor": "supv supvr supervisor",
    "dispatcher": "dispatcher disp",
    "technician": "tech technician csi cst",
    "marshal": "marshal",
    "title": "mr mrs ms miss mx dr",
}
_MULTI_WORD_RANKS = {
    "officer": ("police officer", "reserve officer", "p o", "community service officer"),
    "deputy": ("deputy sheriff",),
    "agent": ("special agent",),
    "analyst": ("crime analyst", "intelligence analyst", "crime analysis"),
    "chief": ("deputy chief", "assistant chief", "asst chief", "police chief"),
    "supervisor": ("records supervisor",),
    "technician": ("evidence technician", "crime scene investigator", "records technician"),
    "investigator": ("district attorney investigator", "da investigator"),
}
_LEVELS = ("i", "ii", "iii", "iv", "1", "2", "3", "4")
_MODIFIERS = ("sr", "senior", "acting", "asst", "assistant", "reserve", "lead", "det")


def _rank_table() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for cls, words in _RANK_CLASSES.items():
        for word in words.split():
            table[(word,)] = cls
    for cls, phrases in _MULTI_WORD_RANKS.items():
        for phrase in phrases:
            table[tuple(phrase.split())] = cls
    # "PO III", "Police Officer II", "Det. II", "Sr. Det.", "Acting Sgt."
    for phrase, cls in list(table.items()):
        if cls == "title":
            continue
        for level in _LEVELS:
            table.setdefault((*phrase, level), cls)
        for modifier in _MODIFIERS:
            if (modifier,) != phrase[:1]:
                table.setdefault((modifier, *phrase), cls)
    return table


RANKS: dict[tuple[str, ...], str] = _rank_table()
RANK_WORDS = frozenset(word for phrase in RANKS for word in phrase)
MAX_RANK_TOKENS = max(len(phrase) for phrase in RANKS)
# Rank words that are also everyday words or abbreviations ("drop off", "po box", "tech
# support"): they count as a rank only when written with a capital or followed by a period.
AMBIGUOUS_RANK_WORDS = _words("""
    off po sa inv invest tech dep miss dr chief agent cap disp lead acting senior sr cst cso pso
    reserve assistant asst analyst dispatcher supervisor marshal
""")


def rank_class(rank: str) -> str:
    """The class of a roster rank ("Police Officer III" -> "officer"), "" if unknown."""
    words = tuple(rank.split())
    for size in range(len(words), 0, -1):
        for begin in range(len(words) - size + 1):
            cls = RANKS.get(words[begin:begin + size])
            if cls and cls != "title":
                return cls
    return ""


# Words that follow a rank or title word without being a name: "Officer Safety", "Deputy
# Request", "Detective Bureau", "Sgt. on scene". A capitalised word after a rank that is not
# here, and not on the roster, is taken for an unlisted person's name (a review item).
NOT_NAMES = _words("""
    a an the and or but nor of on in at to for from by with without into onto over under up down
    out off about after before during near via per as is was were be been being are am has have
    had do does did will would shall should can could may might must not no yes all any each
    every some this that these those there here then than when where who whom whose which what
    why how it its he she they them his her their him i me my we us our you your one two three
    four five six seven eight nine ten first second third last next other another same such
    request requested requests requesting req safety involved bureau division unit units
    department dept office report reports reported assist assisted assisting assistance call
    called calls patrol patrols vehicle vehicles car cars unit's detail details shift shifts
    day days night nights station academy training investigation investigations investigative
    case cases team teams task force squad program services service support staff personnel
    command operations ops administration admin section desk response responded responding
    arrived arrival contacted contact advised stated states said says asked notified on-duty
    duty scene search searches searched ran run running query queried lookup used using use
    approved approval review reviewed reviewing note notes log logs entry entries account
    login user users password access audit system systems portal database record records
    number numbers id badge serial name names list roster meeting briefing supervisor
    supervisors sergeants lieutenants captains detectives officers deputies investigators
    analysts agents chiefs please thanks thank see per cc fyi attn re subject from to date
    time today tomorrow yesterday monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec am pm hrs hours minutes
    police sheriff sheriffs county city state federal fbi dea atf dhs hsi usms cbp ice
    marshals marshal's service's pd so dps chp fhp usss army navy airforce guard coast
    general bolo warrant warrants suspect suspects victim victims witness witnesses subject
    subjects male female juvenile adult person persons people individual unknown unk
    vehicle's plate plates tag tags theft stolen robbery burglary assault homicide fraud
    narcotics missing wanted crash collision incident incidents event events hit hits match
    matches result results lead leads tip tips follow followup follow-up pending closed
    open active inactive
""") | RANK_WORDS
