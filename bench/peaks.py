"""The peak memory of a benchmark step's second process (the import's reader, the packet's
exports), for the benchmark steps that run in a fresh interpreter from the project folder.

Sampled from /proc (VmHWM of each child, every 0.1 s): getrusage(RUSAGE_CHILDREN) would report
the step's own size at the fork that precedes the child's exec. Linux only, as the benchmarks.
"""

from __future__ import annotations

import glob
import threading


class ChildPeak:
    """``start()`` before the work, ``stop()`` after; ``mb`` is the largest child's peak."""

    def __init__(self) -> None:
        self._kib = 0
        self._done = threading.Event()

    def start(self) -> ChildPeak:
        threading.Thread(target=self._sample, daemon=True).start()
        return self

    def stop(self) -> None:
        self._done.set()

    @property
    def mb(self) -> float:
        return self._kib / 1024

    def _sample(self) -> None:
        while not self._done.is_set():
            for tasks in glob.glob("/proc/self/task/*/children"):
                for pid in open(tasks).read().split():
                    try:
                        for line in open(f"/proc/{pid}/status"):
                            if line.startswith("VmHWM:"):
                                self._kib = max(self._kib, int(line.split()[1]))
                    except OSError:
                        pass
            self._done.wait(0.1)
