"""Build the letter templates in resources/letters/ (English and Spanish, CPRA and FOIA).

    uv run python tools/make_letter_templates.py          # rewrite the .docx files
    uv run python tools/make_letter_templates.py --check  # exit 1 if any would change

The generated .docx files are committed: the agency edits *those* in Word (its letterhead
wording, a paragraph it prefers). This script is how the originals were made, so they can be
made again; run it only to reset the templates to the desk's wording. Every Jinja tag is one
run of its own, so Word keeps it whole while the text around it is edited. The variables are
documented in resources/letters/README.md.

Each template is a classic US block letter: letterhead (logo, agency name, address, contact)
on the first page and a one-line running head on the next, the date, the addressee, a subject
line "Re: Public records request NUMBER", the body, and a signature block; the footer carries
the request number and "Page X of Y".
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.outputs.letters import clean_package  # noqa: E402

OUT = ROOT / "resources" / "letters"
FONT = "Arial"
INK = RGBColor(0x1F, 0x2A, 0x44)      # the letterhead's dark blue
GREY = RGBColor(0x55, 0x5B, 0x66)
# Zip entries are dated this day so that the files are the same bytes on every run.
FIXED = (2026, 1, 1, 0, 0, 0)

# --- words shared by every letter of a language ------------------------------------------------

COMMON = {
    "en": {
        "subject": "Re: Public records request {{ number }}",
        "dear": "Dear {{ requester_name }}:",
        "close": "Sincerely,",
        "page": ("Page ", " of "),
        "running": "{{ agency_name }} · {{ number }} · {{ letter_date }}",
        "about": "We are writing about your request {{ number }}, received on "
                 "{{ received_on }}, for:",
        "reviewed": "We have completed our review of your request {{ number }}, received on "
                    "{{ received_on }}, for:",
        "contact": "{% if agency_contact %}You can reach us at {{ agency_contact }}.{% endif %}",
    },
    "es": {
        "subject": "Ref.: Solicitud de registros públicos {{ number }}",
        "dear": "Estimado/a {{ requester_name }}:",
        "close": "Atentamente,",
        "page": ("Página ", " de "),
        "running": "{{ agency_name }} · {{ number }} · {{ letter_date }}",
        "about": "Le escribimos en relación con su solicitud {{ number }}, recibida el "
                 "{{ received_on }}, en la que pide:",
        "reviewed": "Hemos concluido la revisión de su solicitud {{ number }}, recibida el "
                    "{{ received_on }}, en la que pide:",
        "contact": "{% if agency_contact %}Puede comunicarse con nosotros en "
                   "{{ agency_contact }}.{% endif %}",
    },
}

# --- FOIA blocks --------------------------------------------------------------------------------

FOIA_LIAISON = {
    "en": "For help with your request or its status, you may contact our FOIA Public Liaison, "
          "{{ liaison_name }}, at {{ liaison_contact }} (5 U.S.C. § 552(a)(6)(A)(i)(II), "
          "(a)(7)(B)).",
    "es": "Para recibir ayuda con su solicitud o conocer su estado, puede comunicarse con "
          "nuestro Enlace Público de FOIA (FOIA Public Liaison), {{ liaison_name }}, en "
          "{{ liaison_contact }} (5 U.S.C. § 552(a)(6)(A)(i)(II), (a)(7)(B)).",
}
OGIS_CONTACT = {
    "en": "{{ ogis_name }}, {{ ogis_address }}; e-mail {{ ogis_email }}; telephone "
          "{{ ogis_phone }}; toll free {{ ogis_toll_free }}",
    "es": "{{ ogis_name }}, {{ ogis_address }}; correo electrónico {{ ogis_email }}; "
          "teléfono {{ ogis_phone }}; línea gratuita {{ ogis_toll_free }}",
}
FOIA_ADVERSE = {
    "en": [
        "**Your right to appeal.** You may appeal this determination to {{ appeal_to }}"
        "{% if appeal_address %}, {{ appeal_address }}{% endif %}"
        "{% if appeal_email %}, or by e-mail to {{ appeal_email }}{% endif %}. Your appeal must "
        "be postmarked or sent electronically within {{ appeal_days }} days of the date of "
        "this letter, that is, by {{ appeal_by }} (5 U.S.C. § 552(a)(6)(A)(i)(III)(aa)). "
        "Please mark the letter and the envelope, or the subject line of your e-mail, "
        "“Freedom of Information Act Appeal”.",
        "**Help and dispute resolution.** You may seek assistance from our FOIA Public "
        "Liaison, {{ liaison_name }}, at {{ liaison_contact }}. You may also seek dispute "
        "resolution services from our FOIA Public Liaison or from the Office of Government "
        "Information Services, which offers mediation as a non-exclusive alternative to "
        "litigation (5 U.S.C. § 552(a)(6)(A)(i)(II)–(III)(bb)): " + OGIS_CONTACT["en"] + ".",
    ],
    "es": [
        "**Su derecho a apelar.** Puede apelar esta determinación ante {{ appeal_to }}"
        "{% if appeal_address %}, {{ appeal_address }}{% endif %}"
        "{% if appeal_email %}, o por correo electrónico a {{ appeal_email }}{% endif %}. Su "
        "apelación debe tener matasellos o enviarse por vía electrónica dentro de los "
        "{{ appeal_days }} días siguientes a la fecha de esta carta, es decir, a más tardar "
        "el {{ appeal_by }} (5 U.S.C. § 552(a)(6)(A)(i)(III)(aa)). Indique en la carta y en "
        "el sobre, o en el asunto de su correo electrónico, “Freedom of Information Act "
        "Appeal” (apelación conforme a la Ley de Libertad de Información).",
        "**Ayuda y resolución de controversias.** Puede pedir ayuda a nuestro Enlace Público "
        "de FOIA, {{ liaison_name }}, en {{ liaison_contact }}. También puede solicitar "
        "servicios de resolución de controversias a nuestro Enlace Público de FOIA o a la "
        "Oficina de Servicios de Información Gubernamental, que ofrece mediación como "
        "alternativa no exclusiva al litigio (5 U.S.C. § 552(a)(6)(A)(i)(II)–(III)(bb)): "
        + OGIS_CONTACT["es"] + ".",
    ],
}

# --- the bodies ----------------------------------------------------------------------------------
# A body is a list of blocks: a string is a paragraph (**bold** marks a lead-in), and
#   ("quote",)           the requester's description, quoted and indented
#   ("indent", text)     an indented paragraph
#   ("ctl", tag)         a paragraph holding only a docxtpl paragraph tag ({%p ... %})
#   ("withheld", lang)   the table of what is withheld, one row per item

QUOTE = ("quote",)


def ctl(tag: str) -> tuple[str, str]:
    return ("ctl", tag)


def indent(text: str) -> tuple[str, str]:
    return ("indent", text)


BODIES: dict[tuple[str, str, str], list] = {}

# Acknowledgement ---------------------------------------------------------------------------------
BODIES["cpra", "acknowledgement", "en"] = [
    "The {{ agency_name }} received your request for records under the California Public "
    "Records Act (Gov. Code § 7920.000 et seq.) on {{ received_on }}. Its number is "
    "{{ number }}; please give this number whenever you write to us about it.",
    "You asked for:", QUOTE,
    "Within 10 days of receiving a request, the Act requires us to determine whether it seeks "
    "copies of disclosable public records in our possession and to tell you of our "
    "determination and the reasons for it (Gov. Code § 7922.535(a)). We will send you our "
    "determination no later than **{{ due_on }}**.",
    "If we need more information to identify the records you seek, we will contact you; we "
    "are also glad to help you focus your request (Gov. Code § 7922.600). "
    + COMMON["en"]["contact"],
]
BODIES["cpra", "acknowledgement", "es"] = [
    "{{ agency_name }} recibió el {{ received_on }} su solicitud de registros conforme a la "
    "Ley de Registros Públicos de California (California Public Records Act, Código de "
    "Gobierno, § 7920.000 y siguientes). Su número es {{ number }}; le rogamos indicarlo cada "
    "vez que nos escriba sobre ella.",
    "Usted pidió:", QUOTE,
    "La ley nos obliga a determinar, dentro de los 10 días siguientes a la recepción, si su "
    "solicitud busca copias de registros públicos divulgables que estén en nuestro poder, y a "
    "comunicarle esa determinación y sus razones (Código de Gobierno, § 7922.535(a)). Le "
    "enviaremos nuestra determinación a más tardar el **{{ due_on }}**.",
    "Si necesitamos más información para identificar los registros que busca, nos "
    "comunicaremos con usted; también con gusto le ayudaremos a precisar su solicitud "
    "(Código de Gobierno, § 7922.600). " + COMMON["es"]["contact"],
]
BODIES["foia", "acknowledgement", "en"] = [
    "The {{ agency_name }} received your request under the Freedom of Information Act "
    "(5 U.S.C. § 552) on {{ received_on }}. We have assigned it the tracking number "
    "{{ number }} (5 U.S.C. § 552(a)(7)(A)); please use this number whenever you write to us "
    "about it.",
    "You asked for:", QUOTE,
    "The Act gives us 20 working days from receipt to determine whether to comply with your "
    "request (5 U.S.C. § 552(a)(6)(A)(i)). We will send you our determination no later than "
    "**{{ due_on }}**, unless unusual circumstances require more time, in which case we will "
    "tell you in writing before then.",
    FOIA_LIAISON["en"],
]
BODIES["foia", "acknowledgement", "es"] = [
    "{{ agency_name }} recibió el {{ received_on }} su solicitud conforme a la Ley de Libertad "
    "de Información (Freedom of Information Act, 5 U.S.C. § 552). Le hemos asignado el número "
    "de seguimiento {{ number }} (5 U.S.C. § 552(a)(7)(A)); le rogamos indicarlo cada vez que "
    "nos escriba sobre ella.",
    "Usted pidió:", QUOTE,
    "La ley nos concede 20 días hábiles desde la recepción para determinar si atenderemos su "
    "solicitud (5 U.S.C. § 552(a)(6)(A)(i)). Le enviaremos nuestra determinación a más tardar "
    "el **{{ due_on }}**, salvo que circunstancias inusuales exijan más tiempo, en cuyo caso "
    "se lo comunicaremos por escrito antes de esa fecha.",
    FOIA_LIAISON["es"],
]

# Extension ---------------------------------------------------------------------------------------
BODIES["cpra", "extension", "en"] = [
    COMMON["en"]["about"], QUOTE,
    "Our determination on your request was due on {{ original_due_on }}. Because of unusual "
    "circumstances, we are extending that time by this written notice, as Gov. Code "
    "§ 7922.535(b) permits, for the following reason:",
    indent("{{ reason_text }} ({{ reason_citation }})"),
    "We expect to send you our determination on or before **{{ determination_by }}**. The "
    "extension does not exceed 14 days (Gov. Code § 7922.535(b)).",
    "The law requires this notice to come from the head of the agency or a designee; the "
    "signer's capacity is shown below.",
]
BODIES["cpra", "extension", "es"] = [
    COMMON["es"]["about"], QUOTE,
    "Nuestra determinación sobre su solicitud vencía el {{ original_due_on }}. Debido a "
    "circunstancias inusuales, prorrogamos ese plazo mediante este aviso por escrito, como lo "
    "permite el Código de Gobierno, § 7922.535(b), por el siguiente motivo:",
    indent("{{ reason_text }} ({{ reason_citation }})"),
    "Esperamos enviarle nuestra determinación a más tardar el **{{ determination_by }}**. La "
    "prórroga no excede de 14 días (Código de Gobierno, § 7922.535(b)).",
    "La ley exige que este aviso provenga del titular de la agencia o de una persona "
    "designada; la calidad en que firma se indica abajo.",
]
BODIES["foia", "extension", "en"] = [
    COMMON["en"]["about"], QUOTE,
    "Our determination was due on {{ original_due_on }}. Because of unusual circumstances, we "
    "are extending the time limit by this written notice, as 5 U.S.C. § 552(a)(6)(B)(i) "
    "permits:",
    indent("{{ reason_text }} ({{ reason_citation }})"),
    "We expect to send you our determination on or before **{{ determination_by }}**, no more "
    "than 10 working days after the original time limit.",
    "You may limit the scope of your request so that it can be processed sooner, or arrange "
    "an alternative time frame with us; our FOIA Public Liaison, {{ liaison_name }}, at "
    "{{ liaison_contact }}, can help with either (5 U.S.C. § 552(a)(6)(B)(ii)). You may also "
    "seek dispute resolution services from the " + OGIS_CONTACT["en"] + ".",
]
BODIES["foia", "extension", "es"] = [
    COMMON["es"]["about"], QUOTE,
    "Nuestra determinación vencía el {{ original_due_on }}. Debido a circunstancias "
    "inusuales, prorrogamos el plazo mediante este aviso por escrito, como lo permite "
    "5 U.S.C. § 552(a)(6)(B)(i):",
    indent("{{ reason_text }} ({{ reason_citation }})"),
    "Esperamos enviarle nuestra determinación a más tardar el **{{ determination_by }}**, no "
    "más de 10 días hábiles después del plazo original.",
    "Puede limitar el alcance de su solicitud para que se tramite antes, o acordar con "
    "nosotros otro plazo; nuestro Enlace Público de FOIA, {{ liaison_name }}, en "
    "{{ liaison_contact }}, puede ayudarle en ambos casos (5 U.S.C. § 552(a)(6)(B)(ii)). "
    "También puede solicitar servicios de resolución de controversias a la "
    + OGIS_CONTACT["es"] + ".",
]

# Clarification -----------------------------------------------------------------------------------
_QUESTIONS = [ctl("{%p for q in questions %}"), indent("{{ loop.index }}. {{ q }}"),
              ctl("{%p endfor %}")]


def _notes(lang: str) -> list:
    about, tips = (("About our records:", "Suggestions that may help you obtain the "
                    "information you seek:") if lang == "en" else
                   ("Sobre nuestros registros:", "Sugerencias que pueden ayudarle a obtener "
                    "la información que busca:"))
    return [ctl("{%p if records_note %}"), f"**{about}** {{{{ records_note }}}}",
            ctl("{%p endif %}"),
            ctl("{%p if suggestions %}"), tips, ctl("{%p for s in suggestions %}"),
            indent("– {{ s }}"), ctl("{%p endfor %}"), ctl("{%p endif %}")]


BODIES["cpra", "clarification", "en"] = [
    "Thank you for your request {{ number }}, received on {{ received_on }}, for:", QUOTE,
    "To help you make a focused and effective request that reasonably describes identifiable "
    "records (Gov. Code § 7922.600), please tell us:",
    *_QUESTIONS, *_notes("en"),
    "The time for our determination keeps running while we wait for your answer: our "
    "determination is due on {{ due_on }}, and we will make it on the request as it then "
    "stands. " + COMMON["en"]["contact"],
]
BODIES["cpra", "clarification", "es"] = [
    "Gracias por su solicitud {{ number }}, recibida el {{ received_on }}, en la que pide:",
    QUOTE,
    "Para ayudarle a formular una solicitud precisa y eficaz que describa razonablemente "
    "registros identificables (Código de Gobierno, § 7922.600), le rogamos que nos indique:",
    *_QUESTIONS, *_notes("es"),
    "El plazo para nuestra determinación sigue corriendo mientras esperamos su respuesta: "
    "nuestra determinación vence el {{ due_on }}, y la tomaremos sobre la solicitud tal como "
    "esté en ese momento. " + COMMON["es"]["contact"],
]
BODIES["foia", "clarification", "en"] = [
    "Thank you for your request {{ number }}, received on {{ received_on }}, for:", QUOTE,
    "To process your request we need more information. Please tell us:",
    *_QUESTIONS, *_notes("en"),
    ctl("{%p if tolled %}"),
    "Under 5 U.S.C. § 552(a)(6)(A)(ii)(I), the 20-working-day time limit is suspended from "
    "the date of this letter until we receive your answer.",
    ctl("{%p else %}"),
    "Your request remains in process; our determination is due on {{ due_on }}.",
    ctl("{%p endif %}"),
    FOIA_LIAISON["en"],
]
BODIES["foia", "clarification", "es"] = [
    "Gracias por su solicitud {{ number }}, recibida el {{ received_on }}, en la que pide:",
    QUOTE,
    "Para tramitar su solicitud necesitamos más información. Le rogamos que nos indique:",
    *_QUESTIONS, *_notes("es"),
    ctl("{%p if tolled %}"),
    "Conforme a 5 U.S.C. § 552(a)(6)(A)(ii)(I), el plazo de 20 días hábiles queda suspendido "
    "desde la fecha de esta carta hasta que recibamos su respuesta.",
    ctl("{%p else %}"),
    "Su solicitud sigue en trámite; nuestra determinación vence el {{ due_on }}.",
    ctl("{%p endif %}"),
    FOIA_LIAISON["es"],
]

# Determination with production -----------------------------------------------------------------
BODIES["cpra", "determination", "en"] = [
    COMMON["en"]["reviewed"], QUOTE,
    "**Determination.** The {{ agency_name }} has determined that your request seeks "
    "disclosable public records in its possession (Gov. Code § 7922.535(a)).",
    "**Reasons.** {{ reasons }}",
    "**When the records will be available.** We estimate that the records will be made "
    "available at {{ available_time }} on {{ available_on }}."
    "{% if delivery %} {{ delivery }}{% endif %}",
    "Records we hold in electronic form will be provided in electronic form "
    "(Gov. Code § 7922.570). " + COMMON["en"]["contact"],
]
BODIES["cpra", "determination", "es"] = [
    COMMON["es"]["reviewed"], QUOTE,
    "**Determinación.** {{ agency_name }} ha determinado que su solicitud busca registros "
    "públicos divulgables que están en su poder (Código de Gobierno, § 7922.535(a)).",
    "**Razones.** {{ reasons }}",
    "**Cuándo estarán disponibles los registros.** Estimamos que los registros estarán "
    "disponibles a las {{ available_time }} del {{ available_on }}."
    "{% if delivery %} {{ delivery }}{% endif %}",
    "Los registros que conservamos en formato electrónico se le entregarán en formato "
    "electrónico (Código de Gobierno, § 7922.570). " + COMMON["es"]["contact"],
]
BODIES["foia", "determination", "en"] = [
    COMMON["en"]["reviewed"], QUOTE,
    "**Determination.** The {{ agency_name }} has determined to grant your request and to "
    "release the records it describes (5 U.S.C. § 552(a)(6)(A)(i)(I)).",
    "**Reasons.** {{ reasons }}",
    "**When the records will be available.** The records will be made available at "
    "{{ available_time }} on {{ available_on }}.{% if delivery %} {{ delivery }}{% endif %}",
    FOIA_LIAISON["en"],
]
BODIES["foia", "determination", "es"] = [
    COMMON["es"]["reviewed"], QUOTE,
    "**Determinación.** {{ agency_name }} ha determinado atender su solicitud y entregar los "
    "registros que describe (5 U.S.C. § 552(a)(6)(A)(i)(I)).",
    "**Razones.** {{ reasons }}",
    "**Cuándo estarán disponibles los registros.** Los registros estarán disponibles a las "
    "{{ available_time }} del {{ available_on }}.{% if delivery %} {{ delivery }}{% endif %}",
    FOIA_LIAISON["es"],
]

# No responsive records ---------------------------------------------------------------------------
_ASSISTANCE = [ctl("{%p for a in assistance %}"), indent("{{ a.on }}: {{ a.text }}"),
               ctl("{%p endfor %}")]
BODIES["cpra", "no-records", "en"] = [
    "We have completed our search for records responsive to your request {{ number }}, "
    "received on {{ received_on }}, for:", QUOTE,
    "**Determination.** {% if searched %}After searching {{ searched }}, the "
    "{% else %}After a diligent search, the {% endif %}{{ agency_name }} has determined that "
    "it has no records responsive to your request (Gov. Code § 7922.535(a)).",
    "**Help to identify records.** Before reaching this determination we offered the help "
    "the law requires to identify records responsive to your request or to its purpose "
    "(Gov. Code § 7922.600):",
    *_ASSISTANCE,
    "If you can tell us more about the records you are looking for, we will gladly search "
    "again. " + COMMON["en"]["contact"],
]
BODIES["cpra", "no-records", "es"] = [
    "Hemos concluido la búsqueda de registros que respondan a su solicitud {{ number }}, "
    "recibida el {{ received_on }}, en la que pide:", QUOTE,
    "**Determinación.** {% if searched %}Tras buscar en {{ searched }}, "
    "{% else %}Tras una búsqueda diligente, {% endif %}{{ agency_name }} ha determinado que "
    "no tiene registros que respondan a su solicitud (Código de Gobierno, § 7922.535(a)).",
    "**Ayuda para identificar registros.** Antes de llegar a esta determinación le ofrecimos "
    "la ayuda que exige la ley para identificar registros que respondan a su solicitud o a "
    "su propósito (Código de Gobierno, § 7922.600):",
    *_ASSISTANCE,
    "Si puede darnos más datos sobre los registros que busca, con gusto buscaremos de nuevo. "
    + COMMON["es"]["contact"],
]
BODIES["foia", "no-records", "en"] = [
    "We have completed our search for records responsive to your request {{ number }}, "
    "received on {{ received_on }}, for:", QUOTE,
    "**Determination.** {% if searched %}After searching {{ searched }}, the "
    "{% else %}After a search reasonably calculated to find them, the {% endif %}"
    "{{ agency_name }} has located no records responsive to your request "
    "(5 U.S.C. § 552(a)(6)(A)(i)(I)).",
    ctl("{%p if assistance %}"),
    "Before reaching this determination we worked with you to identify the records you seek:",
    *_ASSISTANCE,
    ctl("{%p endif %}"),
    *FOIA_ADVERSE["en"],
]
BODIES["foia", "no-records", "es"] = [
    "Hemos concluido la búsqueda de registros que respondan a su solicitud {{ number }}, "
    "recibida el {{ received_on }}, en la que pide:", QUOTE,
    "**Determinación.** {% if searched %}Tras buscar en {{ searched }}, "
    "{% else %}Tras una búsqueda razonablemente orientada a encontrarlos, {% endif %}"
    "{{ agency_name }} no ha localizado registros que respondan a su solicitud "
    "(5 U.S.C. § 552(a)(6)(A)(i)(I)).",
    ctl("{%p if assistance %}"),
    "Antes de llegar a esta determinación colaboramos con usted para identificar los "
    "registros que busca:",
    *_ASSISTANCE,
    ctl("{%p endif %}"),
    *FOIA_ADVERSE["es"],
]

# Denial or partial denial -------------------------------------------------------------------------
_RESPONSIBLE = [ctl("{%p for p in responsible %}"), indent("{{ p.name }}, {{ p.title }}"),
                ctl("{%p endfor %}")]
BODIES["cpra", "denial", "en"] = [
    COMMON["en"]["reviewed"], QUOTE,
    ctl("{%p if partial %}"),
    "**Determination.** The {{ agency_name }} has determined that your request seeks "
    "disclosable public records in its possession and that parts of them are exempt from "
    "disclosure. Your request is granted in part and denied in part; every reasonably "
    "segregable portion of the records will be released (Gov. Code §§ 7922.525(b), "
    "7922.535(a), 7922.540(a)).",
    "**When the records will be available.** We estimate that the disclosable records will "
    "be made available on {{ available_on }} at {{ available_time }}, with the exempt "
    "information withheld as described below.",
    ctl("{%p else %}"),
    "**Determination.** The {{ agency_name }} has determined that the records you requested "
    "are exempt from disclosure, and your request is denied (Gov. Code §§ 7922.535(a), "
    "7922.540(a)).",
    ctl("{%p endif %}"),
    "**What is withheld and why.** An agency must justify withholding any record by showing "
    "that it is exempt under an express provision of law or that, on the facts of the "
    "particular case, the public interest served by not disclosing it clearly outweighs the "
    "public interest served by disclosure (Gov. Code §§ 7922.000, 7922.540(c)).",
    ("withheld", "en"),
    "**Persons responsible for this denial** (Gov. Code § 7922.540(b)):",
    *_RESPONSIBLE,
    "You may seek enforcement of your right to inspect or to receive a copy of a public "
    "record in court (Gov. Code § 7923.000). " + COMMON["en"]["contact"],
]
BODIES["cpra", "denial", "es"] = [
    COMMON["es"]["reviewed"], QUOTE,
    ctl("{%p if partial %}"),
    "**Determinación.** {{ agency_name }} ha determinado que su solicitud busca registros "
    "públicos divulgables que están en su poder y que partes de ellos están exentas de "
    "divulgación. Su solicitud se concede en parte y se deniega en parte; se entregará toda "
    "parte de los registros que pueda separarse razonablemente (Código de Gobierno, "
    "§§ 7922.525(b), 7922.535(a), 7922.540(a)).",
    "**Cuándo estarán disponibles los registros.** Estimamos que los registros divulgables "
    "estarán disponibles el {{ available_on }} a las {{ available_time }}, sin la "
    "información exenta que se describe a continuación.",
    ctl("{%p else %}"),
    "**Determinación.** {{ agency_name }} ha determinado que los registros que usted pidió "
    "están exentos de divulgación, y su solicitud se deniega (Código de Gobierno, "
    "§§ 7922.535(a), 7922.540(a)).",
    ctl("{%p endif %}"),
    "**Qué se retiene y por qué.** La agencia debe justificar la retención de cualquier "
    "registro demostrando que está exento por una disposición expresa de la ley o que, según "
    "los hechos del caso concreto, el interés público de no divulgarlo supera claramente el "
    "interés público de divulgarlo (Código de Gobierno, §§ 7922.000, 7922.540(c)).",
    ("withheld", "es"),
    "**Personas responsables de esta denegación** (Código de Gobierno, § 7922.540(b)):",
    *_RESPONSIBLE,
    "Puede hacer valer ante los tribunales su derecho a consultar o recibir copia de un "
    "registro público (Código de Gobierno, § 7923.000). " + COMMON["es"]["contact"],
]
BODIES["foia", "denial", "en"] = [
    COMMON["en"]["reviewed"], QUOTE,
    ctl("{%p if partial %}"),
    "**Determination.** The {{ agency_name }} has determined to release the records "
    "responsive to your request in part. Information exempt from disclosure is withheld as "
    "described below; every reasonably segregable portion is released (5 U.S.C. § 552(b)).",
    "**When the records will be available.** The records will be made available at "
    "{{ available_time }} on {{ available_on }}.",
    ctl("{%p else %}"),
    "**Determination.** The {{ agency_name }} has determined to withhold the records "
    "responsive to your request in full, under the exemptions described below.",
    ctl("{%p endif %}"),
    "**What is withheld and why** (5 U.S.C. § 552(b)):",
    ("withheld", "en"),
    ctl("{%p if volume %}"),
    "Estimated volume of the information withheld: {{ volume }} (5 U.S.C. § 552(a)(6)(F)).",
    ctl("{%p endif %}"),
    "**Persons responsible for this denial** (5 U.S.C. § 552(a)(6)(C)(i)):",
    *_RESPONSIBLE,
    *FOIA_ADVERSE["en"],
]
BODIES["foia", "denial", "es"] = [
    COMMON["es"]["reviewed"], QUOTE,
    ctl("{%p if partial %}"),
    "**Determinación.** {{ agency_name }} ha determinado entregar en parte los registros que "
    "responden a su solicitud. La información exenta de divulgación se retiene como se "
    "describe a continuación; se entrega toda parte que pueda separarse razonablemente "
    "(5 U.S.C. § 552(b)).",
    "**Cuándo estarán disponibles los registros.** Los registros estarán disponibles a las "
    "{{ available_time }} del {{ available_on }}.",
    ctl("{%p else %}"),
    "**Determinación.** {{ agency_name }} ha determinado retener en su totalidad los "
    "registros que responden a su solicitud, conforme a las exenciones que se describen a "
    "continuación.",
    ctl("{%p endif %}"),
    "**Qué se retiene y por qué** (5 U.S.C. § 552(b)):",
    ("withheld", "es"),
    ctl("{%p if volume %}"),
    "Volumen estimado de la información retenida: {{ volume }} (5 U.S.C. § 552(a)(6)(F)).",
    ctl("{%p endif %}"),
    "**Personas responsables de esta denegación** (5 U.S.C. § 552(a)(6)(C)(i)):",
    *_RESPONSIBLE,
    *FOIA_ADVERSE["es"],
]

# Late notice -----------------------------------------------------------------------------------
_EXPLANATION = [ctl("{%p if explanation %}"), "{{ explanation }}", ctl("{%p endif %}")]
BODIES["cpra", "late", "en"] = [
    COMMON["en"]["about"], QUOTE,
    "Our determination on your request was due on {{ due_on }} (Gov. Code § 7922.535). We "
    "did not meet that deadline, and we apologize for the delay.",
    *_EXPLANATION,
    "We will send you our determination, stating whether disclosable records exist and, if "
    "they do, when they will be available, on or before **{{ expected_on }}**.",
    "This delay does not limit your rights under the Act, including the right to seek "
    "enforcement in court (Gov. Code § 7923.000). " + COMMON["en"]["contact"],
]
BODIES["cpra", "late", "es"] = [
    COMMON["es"]["about"], QUOTE,
    "Nuestra determinación sobre su solicitud vencía el {{ due_on }} (Código de Gobierno, "
    "§ 7922.535). No cumplimos ese plazo y le pedimos disculpas por la demora.",
    *_EXPLANATION,
    "Le enviaremos nuestra determinación, que indicará si existen registros divulgables y, "
    "en tal caso, cuándo estarán disponibles, a más tardar el **{{ expected_on }}**.",
    "Esta demora no limita los derechos que le otorga la ley, incluido el de acudir a los "
    "tribunales (Código de Gobierno, § 7923.000). " + COMMON["es"]["contact"],
]
BODIES["foia", "late", "en"] = [
    COMMON["en"]["about"], QUOTE,
    "Our determination on your request was due on {{ due_on }} (5 U.S.C. § 552(a)(6)(A)). We "
    "did not meet that time limit, and we apologize for the delay.",
    *_EXPLANATION,
    "We will send you our determination on or before **{{ expected_on }}**.",
    "Because we did not answer within the time limit, you may be deemed to have exhausted "
    "your administrative remedies (5 U.S.C. § 552(a)(6)(C)(i)).",
    "For help with your request or its status, you may contact our FOIA Public Liaison, "
    "{{ liaison_name }}, at {{ liaison_contact }}, and you may seek dispute resolution "
    "services from the " + OGIS_CONTACT["en"] + ".",
]
BODIES["foia", "late", "es"] = [
    COMMON["es"]["about"], QUOTE,
    "Nuestra determinación sobre su solicitud vencía el {{ due_on }} "
    "(5 U.S.C. § 552(a)(6)(A)). No cumplimos ese plazo y le pedimos disculpas por la demora.",
    *_EXPLANATION,
    "Le enviaremos nuestra determinación a más tardar el **{{ expected_on }}**.",
    "Como no respondimos dentro del plazo, se le puede considerar que ha agotado los "
    "recursos administrativos (5 U.S.C. § 552(a)(6)(C)(i)).",
    "Para recibir ayuda con su solicitud o conocer su estado, puede comunicarse con nuestro "
    "Enlace Público de FOIA, {{ liaison_name }}, en {{ liaison_contact }}, y puede solicitar "
    "servicios de resolución de controversias a la " + OGIS_CONTACT["es"] + ".",
]

WITHHELD_HEADINGS = {
    "en": ("Records or information withheld", "Legal basis", "Justification"),
    "es": ("Registros o información retenidos", "Fundamento legal", "Justificación"),
}

# --- building ------------------------------------------------------------------------------------

_TOKENS = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})")


def _nbsp(text: str) -> str:
    """A citation is not broken across lines: "5 U.S.C. § 552" and "§ 7922.540" hold together."""
    return text.replace("5 U.S.C.", "5\u00a0U.S.C.").replace("§ ", "§\u00a0").replace(
        "§§ ", "§§\u00a0")


def add_runs(paragraph, text: str, *, bold: bool = False, italic: bool = False) -> None:
    """Text with **bold** lead-ins; every Jinja tag in a run of its own."""
    for i, part in enumerate(re.split(r"\*\*(.+?)\*\*", text)):
        for piece in _TOKENS.split(part):
            if piece and not _TOKENS.fullmatch(piece):
                piece = _nbsp(piece)
            if piece:
                run = paragraph.add_run(piece)
                run.bold = bold or (i % 2 == 1) or None
                run.italic = italic or None


def add_field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) with the value shown until Word updates it."""
    def char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def bottom_border(paragraph, colour: str = "1F2A44") -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "6"),
                       ("w:color", colour)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(8)
    fmt.line_spacing = 1.1

    def add(name: str, *, size: float | None = None, bold: bool = False, italic: bool = False,
            colour: RGBColor | None = None, align=None, indent_in: float | None = None,
            after: float | None = None):
        style = doc.styles.add_style(name, 1)  # paragraph style
        style.base_style = normal
        style.quick_style = True
        if size:
            style.font.size = Pt(size)
        style.font.bold = bold or None
        style.font.italic = italic or None
        if colour is not None:
            style.font.color.rgb = colour
        if align is not None:
            style.paragraph_format.alignment = align
        if indent_in is not None:
            style.paragraph_format.left_indent = Inches(indent_in)
        if after is not None:
            style.paragraph_format.space_after = Pt(after)
        return style

    add("Letterhead Name", size=15, bold=True, colour=INK, align=WD_ALIGN_PARAGRAPH.CENTER,
        after=2)
    add("Letterhead Detail", size=9, colour=GREY, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    add("Running Head", size=8.5, colour=GREY, after=0)
    add("Letter Footer", size=8.5, colour=GREY, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    add("Addressee", after=14)
    add("Subject Line", bold=True, after=14)
    add("Requester Quote", italic=True, indent_in=0.45)
    add("Indented", indent_in=0.45, after=6)
    add("Signature", after=0)
    add("Table Text", size=9.5, after=2)


def header_and_footer(doc, lang: str) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(1)
    section.top_margin, section.bottom_margin = Inches(0.7), Inches(0.8)
    section.header_distance, section.footer_distance = Inches(0.4), Inches(0.4)
    section.different_first_page_header_footer = True

    first = section.first_page_header
    p = first.paragraphs[0]
    p.text = "{%p if logo %}"
    p = first.add_paragraph(style="Letterhead Detail")
    add_runs(p, "{{ logo }}")
    p = first.add_paragraph("{%p endif %}")
    p = first.add_paragraph(style="Letterhead Name")
    add_runs(p, "{{ agency_name }}")
    p = first.add_paragraph(style="Letterhead Detail")
    add_runs(p, "{{ agency_address_line }}")
    p = first.add_paragraph(style="Letterhead Detail")
    add_runs(p, "{{ agency_contact_line }}")
    bottom_border(p)

    running = section.header.paragraphs[0]
    running.style = doc.styles["Running Head"]
    add_runs(running, COMMON[lang]["running"])

    before, between = COMMON[lang]["page"]
    for footer in (section.footer, section.first_page_footer):
        p = footer.paragraphs[0]
        p.style = doc.styles["Letter Footer"]
        add_runs(p, "{{ number }} · " + before)
        add_field(p, "PAGE", "1")
        p.add_run(between)
        add_field(p, "NUMPAGES", "1")


def withheld_table(doc, lang: str) -> None:
    table = doc.add_table(rows=4, cols=3)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Inches(2.1), Inches(1.6), Inches(2.8))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for cell, heading in zip(table.rows[0].cells, WITHHELD_HEADINGS[lang], strict=True):
        p = cell.paragraphs[0]
        p.style = doc.styles["Table Text"]
        add_runs(p, heading, bold=True)
        shade = OxmlElement("w:shd")
        for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "E8ECF2")):
            shade.set(qn(key), value)
        cell._tc.get_or_add_tcPr().append(shade)
    # A header row repeats on every page the table runs onto.
    trpr = table.rows[0]._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))
    table.rows[1].cells[0].paragraphs[0].text = "{%tr for w in withheld %}"
    for cell, tag in zip(table.rows[2].cells,
                         ("{{ w.what }}", "{{ w.citation }}", "{{ w.justification }}"),
                         strict=True):
        p = cell.paragraphs[0]
        p.style = doc.styles["Table Text"]
        add_runs(p, tag)
    table.rows[3].cells[0].paragraphs[0].text = "{%tr endfor %}"
    doc.add_paragraph()  # space after the table


def build(law: str, kind: str, lang: str) -> bytes:
    doc = Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    styles(doc)
    header_and_footer(doc, lang)
    words = COMMON[lang]

    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(14)
    add_runs(p, "{{ letter_date }}")
    add_runs(doc.add_paragraph(style="Addressee"), "{{ addressee }}")
    add_runs(doc.add_paragraph(style="Subject Line"), words["subject"])
    add_runs(doc.add_paragraph(), words["dear"])

    for block in BODIES[law, kind, lang]:
        if isinstance(block, str):
            add_runs(doc.add_paragraph(), block)
        elif block[0] == "quote":
            add_runs(doc.add_paragraph(style="Requester Quote"), "“{{ description }}”")
        elif block[0] == "indent":
            add_runs(doc.add_paragraph(style="Indented"), block[1])
        elif block[0] == "ctl":
            doc.add_paragraph(block[1])
        elif block[0] == "withheld":
            withheld_table(doc, block[1])
        else:  # pragma: no cover - a typo in the tables above
            raise ValueError(block)

    # The closing never stands alone at the top of a page: the body's last paragraph goes with it.
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    p = doc.add_paragraph(words["close"])
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.space_after = Pt(36)  # room for the signature
    p.paragraph_format.keep_with_next = True
    for text in ("{{ signer_name }}", "{{ signer_title }}"):
        p = doc.add_paragraph(style="Signature")
        p.paragraph_format.keep_with_next = True
        add_runs(p, text)
    doc.add_paragraph("{%p if signer_capacity %}")
    add_runs(doc.add_paragraph(style="Signature"), "{{ signer_capacity }}")
    doc.add_paragraph("{%p endif %}")
    add_runs(doc.add_paragraph(style="Signature"), "{{ agency_name }}")

    clean_package(doc, author="", title="", language="es-US" if lang == "es" else "en-US",
                  on=date(*FIXED[:3]))
    raw = io.BytesIO()
    doc.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same entries, dated FIXED, so that a rebuild is byte for byte the same."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def all_templates() -> dict[str, bytes]:
    return {f"{law}-{kind}.{lang}.docx": build(law, kind, lang)
            for (law, kind, lang) in sorted(BODIES)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="report templates that differ from what this script builds")
    args = parser.parse_args(argv)
    built = all_templates()
    if args.check:
        stale = [n for n, data in built.items()
                 if not (OUT / n).is_file() or (OUT / n).read_bytes() != data]
        for name in stale:
            print(f"differs: {name}")
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in built.items():
        (OUT / name).write_bytes(data)
    print(f"wrote {len(built)} templates to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

