"""The statutory reasons for an extension, as data counsel keeps up to date.

Each reason's words are in force from a date (and, once replaced, to a date); an extension records
the words in force on the day it was made, so entering new words never rewrites an old notice.
"""

from __future__ import annotations

import re
from datetime import date

from app.domain.deadlines import ExtensionReason, Law, reasons_in_force
from app.domain.errors import InputError
from app.services.context import Context
from app.storage import reasons as store
from app.storage.database import Database
from app.storage.events import append_event

CODE = re.compile(r"[a-z][a-z0-9-]{0,19}")


def in_force(db: Database, law: Law, on: date) -> list[ExtensionReason]:
    """The reasons a clerk can choose for an extension made on ``on`` (the Extend dialog)."""
    return reasons_in_force(store.all_reasons(db), law, on)


def listing(db: Database, law: Law | None = None) -> list[dict]:
    return store.rows(db, law.value if law else None)


def set_reason(db: Database, ctx: Context, law: Law, code: str, *, citation: str, text: str,
               effective_from: date, effective_to: date | None = None,
               lead_in: str | None = None, verbatim: bool = True, note: str = "",
               offered: bool = True) -> ExtensionReason:
    """Enter the words of a reason from ``effective_from`` (counsel's update). Earlier words of
    the same reason still in force that day end the day before; words entered for the same day
    are replaced. Logged in the activity log."""
    code = code.strip().lower()
    if not CODE.fullmatch(code):
        raise InputError(f"{code!r} cannot be a reason code.",
                         "Use lower-case letters, digits and hyphens, e.g. 'c6' or 'field'.")
    if not citation.strip() or not text.strip():
        raise InputError("A reason needs its citation and its words.",
                         "Give --citation (e.g. 'Gov. Code § 7922.535(c)(6)') and --text.")
    if effective_to is not None and effective_to < effective_from:
        raise InputError(f"The reason cannot end ({effective_to}) before it starts "
                         f"({effective_from}).")
    with db.transaction():
        previous = [r for r in store.all_reasons(db) if r.law is law and r.code == code]
        template = previous[-1] if previous else None
        if lead_in is None:
            lead_in = template.lead_in if template else ""
        reason = ExtensionReason(
            law, code, citation.strip(), text.strip(), effective_from, effective_to,
            lead_in=lead_in.strip(), limit=template.limit if template else "",
            offered=offered, wording="verbatim" if verbatim else "unverified")
        ended = store.end_before(db, law, code, effective_from)
        store.insert(db, [(reason, note.strip())], ctx.actor)
        append_event(db, actor=ctx.actor, action="extension_reason.set",
                     subject=f"{law.value} {code}",
                     details={**reason.as_json(), "note": note.strip(),
                              "earlier_words_ended": ended})
    return reason

