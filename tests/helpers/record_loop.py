"""Record progress in a loop, printing an acknowledgement after each record() returns.

Usage: ``python record_loop.py PROGRESS_FILE RUN COUNT``. The durability tests kill
this process at random moments (SIGKILL) and then check that every acknowledged record
is in the file; the concurrency tests run two of them at once.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    from course.progress import ProgressStore

    path, run, count = argv[0], argv[1], int(argv[2])
    store = ProgressStore(path)
    for number in range(count):
        store.record("03.loop", {"run": run, "n": number}, number % 2 == 0)
        print(f"ack {run} {number}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
