"""One pass of a file through the normaliser, in this process or in a second one.

A large CSV file is read and normalised by a second process while this one inserts the rows it
sends, so that the two halves of an import (Python reading and normalising; SQLite storing and
indexing) run side by side on two processor cores. Both ways run the very same code
(:func:`normalised_rows`); the second process sends the rows it produced in batches, with the
rejects found so far and how far it has read, and at the end what the pass saw (the reader's
statistics, the evidence of the dates, the daylight-saving counts).

The process is started with ``spawn`` on every system (as Windows must), so that it runs here
as it will there.
"""

from __future__ import annotations

import logging
import marshal
import multiprocessing
import os
import queue
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import chain, starmap

from app.domain import errors
from app.domain.errors import DeskError, EnvironmentProblem, InputError
from app.importers.mapping import Mapping
from app.importers.normalize import Normalizer
from app.importers.readers import TableFile
from app.importers.timestamps import TimestampParser, zone

log = logging.getLogger(__name__)

# From this many rows (as estimated from the preview) a CSV file is read by a second process.
# Measured with bench/import_bench.py --one-process on a two-core machine: about even at
# 50,000 rows (starting the process and sending the rows cost what reading beside the insert
# saves), a sixth of the time saved at 100,000 and over a quarter at 1,000,000.
PROCESS_FROM = 50_000
# Every this many rows read, in either process: progress, a cancel, and the stop for a file
# whose rows mostly fail (:func:`check_rejects`), at the same rows both ways.
CHECK_EVERY = 20_000
# The second process sends what it has at least that often, and when it holds this many rows
# or has read this many bytes since it last sent (rows of large cells); it looks every
# TICK_ROWS rows. Large enough that sending costs little per row, small enough that memory
# stays low and progress is seen a few times a second.
BATCH_ROWS = 5_000
BATCH_BYTES = 16 * 1024 * 1024
TICK_ROWS = 100
# Batches the second process holds ready for sending, at most.
SENT_AHEAD = 8
# How long the importing process waits for a batch before it looks for a cancel again.
POLL_SECONDS = 0.25
# A pass stops once more than this many rows are rejected and they are more than this share of
# the rows read: the mapping or the date format is wrong (the import says so, or reads the
# file again in the other order of numeric dates).
STOP_REJECTS = 10_000
REJECTED_SHARE = 0.5

assert CHECK_EVERY % TICK_ROWS == 0   # the checks fall on the same rows both ways


class TooManyRejects(Exception):
    """The pass stopped: more rows rejected than :data:`STOP_REJECTS`, and more than
    :data:`REJECTED_SHARE` of those read."""


def check_rejects(read: int, table: TableFile, normalizer: Normalizer) -> None:
    bad = len(normalizer.rejects) + len(table.rejects)
    if bad > STOP_REJECTS and bad > read * REJECTED_SHARE:
        raise TooManyRejects()


@dataclass(frozen=True)
class PassSpec:
    """What a pass needs: the file as planned, the mapping and how to read the times."""

    table: TableFile
    mapping: Mapping
    timezone: str
    day_first: bool

    def normalizer(self) -> Normalizer:
        parser = TimestampParser(zone(self.timezone), day_first=self.day_first)
        return Normalizer(self.table.header, self.mapping, parser,
                          check_separators=self.table.may_hold_separators)


def normalised_rows(table: TableFile, normalizer: Normalizer, every: int = 0,
                    tick: Callable[[int], None] | None = None) -> Iterator[list]:
    """Every row of the file that can be imported, as the normaliser's parameters; the others
    go to ``normalizer.rejects`` and ``table.rejects``. No Python loop of our own around a
    million rows: the reader's generator feeds the normaliser through C-level starmap and
    filter."""
    return filter(None, starmap(normalizer.row, table.rows(every, tick)))


def remote_pass(spec: PassSpec, rows_expected: int) -> RemotePass | None:
    """A second process for a pass over this file when it is worth one: a CSV file (read line
    by line; workbooks and JSON are read whole when opened) of :data:`PROCESS_FROM` rows or
    more, on a computer with two processor cores or more (on one, the two processes would
    take turns, and sending the rows would only add to the time). None otherwise, and when the
    system will not start one (the file is then read in this process, as a smaller one
    would be)."""
    if spec.table.format != "csv" or rows_expected < PROCESS_FROM or (os.cpu_count() or 1) < 2:
        return None
    try:
        return RemotePass(spec)
    except OSError as exc:
        log.warning("could not start a second process to read %s (%s); reading it in this one",
                    spec.table.path.name, exc)
        return None


class RemotePass:
    """A pass run by a second process. ``rows(progress)`` gives the rows as the second process
    sends them, calling ``progress(rows_read, bytes_read)`` for each message and, while it
    waits for one, every :data:`POLL_SECONDS` (so that a cancel raised there is seen). Once
    they are all read, the normaliser, the parser and the table hold what the pass saw, as
    after a pass in this process; a pass the second process stopped (:func:`check_rejects`)
    raises :class:`TooManyRejects` there too. ``stop()`` ends the process (always call it)."""

    def __init__(self, spec: PassSpec) -> None:
        self.spec = spec
        self.normalizer = spec.normalizer()
        self.table = spec.table
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe(duplex=False)
        # The table is sent as planned, without an open file or records read whole.
        sent = replace(spec, table=replace(spec.table, _raw=None, _records=None, rejects=[]))
        self._process = context.Process(target=_produce, args=(sent, child),
                                        name="disclosure-desk import", daemon=True)
        try:
            self._process.start()
        except BaseException:
            self._conn.close()
            raise
        finally:
            child.close()
        log.info("reading %s in a second process (pid %s)", self.table.path.name,
                 self._process.pid)

    def rows(self, progress: Callable[[int, int], None]) -> Iterator[list]:
        return chain.from_iterable(self._batches(progress))

    def _batches(self, progress: Callable[[int, int], None]) -> Iterator[list]:
        rejects, table_rejects = self.normalizer.rejects, []
        self.table.rejects = table_rejects
        last = [0, 0]
        while True:
            message = self._receive(lambda: progress(*last))
            kind = message[0]
            if kind == "rows":
                _, batch, read, done, new_rejects, new_table_rejects = message
                rejects += new_rejects
                table_rejects += new_table_rejects
                last[:] = read, done
                progress(read, done)
                yield batch
            elif kind == "end":
                (_, read, done, table_rejects_end, stats, evidence, counts, rejects_end,
                 stopped) = message
                table_rejects += table_rejects_end
                rejects += rejects_end
                progress(read, done)   # as far as it read (where it stopped, if it did)
                self.table.stats = stats
                parser = self.normalizer.parser
                vars(parser.evidence).update(evidence)
                parser.counts[:] = counts
                if stopped:
                    raise TooManyRejects()
                return
            elif kind == "refused":   # the same refusal as in this process
                _, name, text, hint = message
                refusal = getattr(errors, name, None)
                if not (isinstance(refusal, type) and issubclass(refusal, DeskError)):
                    refusal = InputError
                raise refusal(text, hint)
            else:
                log.error("the import's second process failed:\n%s", message[1])
                raise EnvironmentProblem(
                    f"Reading {self.table.path.name} failed in the import's second process "
                    f"({message[1].strip().splitlines()[-1]}). Nothing was imported.",
                    "Try the import again; if it fails again, keep the file and the log "
                    "for support.")

    def _receive(self, waiting: Callable[[], None]) -> tuple:
        try:
            while not self._conn.poll(POLL_SECONDS):
                waiting()
            data = self._conn.recv_bytes()
        except (EOFError, OSError):
            self._process.join(5)
            raise EnvironmentProblem(
                f"The import's second process, reading {self.table.path.name}, ended before "
                f"it had read the whole file (exit code {self._process.exitcode}). Nothing "
                "was imported.",
                "Check that the computer has free memory and try again.") from None
        return marshal.loads(data)

    def stop(self) -> None:
        process = self._process
        if process.is_alive():
            process.terminate()
            process.join(10)
            if process.is_alive():
                process.kill()
                process.join()
        self._conn.close()


def _produce(spec: PassSpec, conn) -> None:
    """The second process: read and normalise the file, send the rows in batches. A thread
    sends them, so that reading goes on while the other process takes a batch in."""
    outbox: queue.Queue = queue.Queue(SENT_AHEAD)

    def send() -> None:
        try:
            while (data := outbox.get()) is not None:
                conn.send_bytes(data)
        except BaseException:  # noqa: BLE001 - the importing process has gone (killed, or it
            os._exit(1)        # stopped this one), or sending failed: nobody reads the rest

    sender = threading.Thread(target=send, name="send", daemon=True)
    sender.start()
    try:
        table, normalizer = spec.table, spec.normalizer()
        rejects, parser = normalizer.rejects, normalizer.parser
        batch: list = []
        read = 0
        # What was sent so far: rejects of both kinds, and how far the file was read; and how
        # far it was read at the last check.
        sent_rejects = sent_table = sent_bytes = checked_bytes = 0

        def news() -> tuple[list, list]:
            """The rejects found since the last message."""
            nonlocal sent_rejects, sent_table
            new, new_table = rejects[sent_rejects:], table.rejects[sent_table:]
            sent_rejects, sent_table = len(rejects), len(table.rejects)
            return new, new_table

        def flush() -> None:
            # Every message holds only lists, tuples, dicts, sets, strings, numbers and None:
            # marshal writes and reads them twice as fast as pickle.
            nonlocal sent_bytes
            sent_bytes = table.bytes_done()
            outbox.put(marshal.dumps(("rows", batch, read, sent_bytes, *news())))
            batch.clear()

        def tick(rows: int) -> None:
            nonlocal read, checked_bytes
            read += rows
            if read % CHECK_EVERY == 0:
                checked_bytes = table.bytes_done()
                check_rejects(read, table, normalizer)   # where one process checks
                flush()
            elif len(batch) >= BATCH_ROWS or table.bytes_done() - sent_bytes >= BATCH_BYTES:
                flush()

        stopped = False
        append = batch.append
        try:
            for row in normalised_rows(table, normalizer, TICK_ROWS, tick):
                append(row)
            if batch:
                flush()
        except TooManyRejects:
            stopped = True
        new, new_table = news()
        done = checked_bytes if stopped else table.size   # (the file is closed now)
        outbox.put(marshal.dumps(("end", read, done, new_table, table.stats,
                                  vars(parser.evidence), parser.counts, new, stopped)))
    except DeskError as exc:
        outbox.put(marshal.dumps(("refused", type(exc).__name__, exc.message, exc.hint)))
    except Exception:  # noqa: BLE001 - told to the parent, which says the import failed
        outbox.put(marshal.dumps(("failed", traceback.format_exc())))
    finally:
        outbox.put(None)
        sender.join()
        conn.close()
