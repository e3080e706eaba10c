"""What every command shares: the parser's error path, the common options, the session a command
runs in (clock, context, the databases it opened) and the outcome it hands back for printing."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app import clock as app_clock
from app import paths as app_paths
from app.domain.errors import InputError

EXIT_OK, EXIT_BLOCKED, EXIT_INPUT, EXIT_ENVIRONMENT, EXIT_BUG = 0, 1, 2, 3, 70


class ArgumentError(InputError):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would exit; we want our error path and code 2
        raise ArgumentError(f"{self.prog}: {message}", f"See: {self.prog} --help")


def common_options(suppress: bool) -> argparse.ArgumentParser:
    """``--db`` and ``--json``, accepted before the command and after it alike."""
    default = argparse.SUPPRESS if suppress else None
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", metavar="PATH", default=default,
                        help="database file (default: your own, in your data folder)")
    parent.add_argument("--json", action="store_true",
                        default=argparse.SUPPRESS if suppress else False,
                        help="machine-readable output on stdout")
    return parent


@dataclass
class Commands:
    """Adds commands under one parent parser, each with the common options."""

    sub: Any                       # argparse's subparsers action
    common: argparse.ArgumentParser

    def add(self, name: str, help_: str,
            handler: Callable[[argparse.Namespace, Session], Outcome] | None = None
            ) -> argparse.ArgumentParser:
        parser = self.sub.add_parser(name, help=help_, description=help_,
                                     parents=[self.common])
        if handler is not None:
            parser.set_defaults(handler=handler)
        return parser

    def group(self, name: str, help_: str) -> Commands:
        """A command with actions of its own (``request new``, ``batch list`` ...)."""
        parser = self.add(name, help_)
        sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True,
                                    parser_class=Parser)
        return Commands(sub, self.common)


@dataclass
class Outcome:
    """What a command produced: ``data`` for ``--json``, ``text`` (or a function making it) for
    people, and the exit code."""

    data: dict
    text: str | Callable[[], str]
    code: int = EXIT_OK

    def render(self, as_json: bool) -> str:
        if as_json:
            return json.dumps(self.data, ensure_ascii=False, indent=2, default=str)
        return self.text() if callable(self.text) else self.text


@dataclass
class Session:
    """One command's run: the clock and actor, and the databases it opened (closed at the end;
    asked afterwards whether any change was committed)."""

    args: argparse.Namespace
    clock: app_clock.Clock = field(default_factory=app_clock.system)
    _dbs: list = field(default_factory=list)
    _closed_commits: int = 0

    @property
    def ctx(self):
        from app.services.context import Context

        return Context.at(self.clock)

    @property
    def paths(self) -> app_paths.Paths:
        return app_paths.resolve(db=getattr(self.args, "db", None))

    def open(self):
        from app.services.database import open_database

        return self.keep(open_database(self.paths.database, ctx=self.ctx))

    def keep(self, db):
        self._dbs.append(db)
        return db

    @property
    def committed(self) -> bool:
        """Whether the command saved a change, before or after its databases were closed."""
        return bool(self._closed_commits or any(db.commits for db in self._dbs))

    def close(self) -> None:
        for db in self._dbs:
            self._closed_commits += db.commits
            db.close()
        self._dbs.clear()


# --- text for a terminal ----------------------------------------------------------------------

# Control characters and the bidirectional overrides and isolates that make a terminal show
# text in another order than it is (a requester can type them into a description).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: object) -> str:
    """Requester-supplied text made safe for a terminal: invisible or reordering characters
    appear as escapes (``\\u202e``), so what is printed is what is stored, in order."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"),
                       "" if text is None else str(text))


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 row``, ``1,234 rows``."""
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"
