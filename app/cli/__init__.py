"""Headless commands over the services (the command-line contract of the design brief).

Nothing here imports Qt: ``disclosure-desk --version`` and every subcommand start fast and run
without a display. Each command group is a module with a ``register(commands)`` that adds its
parsers; a command returns an :class:`~app.cli.base.Outcome` and :func:`run` prints it - for
people by default, JSON with ``--json`` - always as UTF-8. Errors go to stderr with exit code 2
for bad input, 3 for an environmental problem, 70 for a bug.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence

from app import APP_NAME
from app import clock as app_clock
from app.cli import (
    calendar_commands,
    database_commands,
    deadline_command,
    import_commands,
    letter_commands,
    reason_commands,
    redaction_commands,
    release_commands,
    request_commands,
)
from app.cli.base import (
    EXIT_BLOCKED,
    EXIT_BUG,
    EXIT_ENVIRONMENT,
    EXIT_INPUT,
    EXIT_OK,
    ArgumentError,
    Commands,
    Parser,
    Session,
    common_options,
)
from app.domain.errors import DeskError

__all__ = ["EXIT_BLOCKED", "EXIT_BUG", "EXIT_ENVIRONMENT", "EXIT_INPUT", "EXIT_OK",
           "ArgumentError", "build_parser", "parse", "report_error", "run"]

log = logging.getLogger(__name__)

# In the order ``--help`` lists them.
GROUPS = (database_commands, import_commands, deadline_command, request_commands,
          redaction_commands, letter_commands, release_commands, calendar_commands,
          reason_commands)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="disclosure-desk", parents=[common_options(suppress=False)],
                    description=f"{APP_NAME}: public-records requests about facial-recognition "
                                "and licence-plate-reader searches. Without a command, opens "
                                "the application window.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--demo", action="store_true",
                        help="open the window on a fresh demo database in a temporary folder")
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="save a PNG of the main window once painted, then exit")
    parser.add_argument("--view", default=None,
                        help="view to show: requests, records, personnel, reports, settings or "
                             "request:NUMBER (default: the view shown when the window was "
                             "last closed)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands = Commands(sub, common_options(suppress=True))
    for group in GROUPS:
        group.register(commands)
    return parser


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def utf8_output() -> None:
    """Write UTF-8 whatever the console's code page, so a name such as García is printed (and
    piped into a file) as it is stored instead of failing on a cp437 console."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="backslashreplace")
            except (OSError, ValueError):
                pass


def report_error(exc: DeskError, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"error": exc.message, "hint": exc.hint}, ensure_ascii=False),
              file=sys.stderr)
    else:
        print(f"error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(f"       {exc.hint}", file=sys.stderr)


def _quiet_closed_pipe() -> None:
    """The reader went away (``| head``): drop the rest of the output without a traceback at
    exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _saved(session: Session) -> str:
    return ("The change had already been saved before the problem; check it with "
            "'request show' or 'log verify'." if session.committed else "Nothing was changed.")


def run(args: argparse.Namespace) -> int:
    """Run one subcommand; every expected failure becomes a message and an exit code."""
    from app.logsetup import setup_logging, write_crash_report

    utf8_output()
    as_json = bool(getattr(args, "json", False))
    try:
        session = Session(args)
    except app_clock.ClockError as exc:
        report_error(ArgumentError(str(exc)), as_json)
        return EXIT_INPUT
    paths = session.paths
    setup_logging(paths.log_dir)
    if session.clock.notice and not as_json:  # stderr under --json holds only JSON errors
        print(f"note: {session.clock.notice}", file=sys.stderr)
    try:
        outcome = args.handler(args, session)
    except DeskError as exc:
        log.info("%s failed: %s", args.command, exc)
        report_error(exc, as_json)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"Interrupted. {_saved(session)}", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: report it with a crash file, exit 70
        report = write_crash_report(paths.log_dir, exc)
        print(f"error: an unexpected problem stopped the command ({type(exc).__name__}: {exc}). "
              f"{_saved(session)}", file=sys.stderr)
        print(f"       Please send the crash report to support: {report}", file=sys.stderr)
        return EXIT_BUG
    finally:
        session.close()
    try:
        print(outcome.render(bool(getattr(args, "json", False))))
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_closed_pipe()
    except Exception as exc:  # noqa: BLE001 - the work is done; only the report failed
        done = ("The command's change was made and saved" if session.committed
                else "The command finished")
        print(f"error: {done}, but printing its report failed ({type(exc).__name__}: {exc}).",
              file=sys.stderr)
        return EXIT_ENVIRONMENT
    return outcome.code
