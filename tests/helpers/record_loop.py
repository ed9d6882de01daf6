"""Record progress in a loop, printing an acknowledgement after each write returns.

Usage: ``python record_loop.py PROGRESS_FILE RUN COUNT [record|draft]``. ``record``
saves one attempt per step; ``draft`` saves the draft named RUN holding the step's
number. The durability tests kill this process at random moments (SIGKILL) and then
check that every acknowledged write is in the file; the concurrency tests run two of
them at once.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    from course.progress import ProgressStore

    path, run, count = argv[0], argv[1], int(argv[2])
    what = argv[3] if len(argv) > 3 else "record"
    store = ProgressStore(path)
    for number in range(count):
        if what == "draft":
            store.save_draft(run, {"n": number})
        else:
            store.record("03.loop", {"run": run, "n": number}, number % 2 == 0)
        print(f"ack {run} {number}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
