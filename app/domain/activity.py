"""The activity log's hash chain: each event's hash covers its fields and the previous hash,
so editing, deleting or reordering any event breaks every hash after it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64
HASHED_FIELDS = ("seq", "at", "actor", "action", "request_id", "subject", "details")


def event_hash(prev_hash: str, event: Mapping) -> str:
    payload = json.dumps({k: event.get(k) for k in HASHED_FIELDS}, sort_keys=True,
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str


def verify_chain(events: Iterable[Mapping]) -> list[ChainProblem]:
    """Check events in ``seq`` order; return every break found (empty when intact)."""
    problems = []
    prev = GENESIS
    expected_seq = 1
    for ev in events:
        if ev["seq"] != expected_seq:
            problems.append(ChainProblem(ev["seq"], f"expected event {expected_seq} here: "
                                                    "events were deleted or reordered"))
            expected_seq = ev["seq"]
        if ev["prev_hash"] != prev:
            problems.append(ChainProblem(ev["seq"], "does not follow the previous event"))
        if event_hash(ev["prev_hash"], ev) != ev["hash"]:
            problems.append(ChainProblem(ev["seq"], "was altered after it was written"))
        prev = ev["hash"]
        expected_seq += 1
    return problems
