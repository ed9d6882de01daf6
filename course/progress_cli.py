"""``python -m course progress``: a student's summary by notebook (counted as the class
report counts), export and import. Exit status: 0 done, 1 a problem (the message says what).
"""

from __future__ import annotations

import sys

from .progress import ENV_VAR, STUDENT_VAR, ProgressFileError, ProgressStore

__all__ = ["add_arguments", "cli"]


def add_arguments(parser) -> None:
    """Options of ``python -m course progress``."""
    parser.add_argument("--file", metavar="PATH",
                        help=f"the progress file (default: ${ENV_VAR} or the user data folder)")
    parser.add_argument("--export", metavar="FILE",
                        help="write your progress to FILE (or into the folder FILE) to hand in")
    parser.add_argument("--import", dest="import_", metavar="FILE",
                        help="merge a progress export into your progress")
    parser.add_argument("--student", metavar="NAME",
                        help=f"your name or id for --export (default: ${STUDENT_VAR})")


def _fail(message: str) -> int:
    print(f"Problem: {message}", file=sys.stderr)
    return 1


def cli(args) -> int:
    """Run ``python -m course progress``: print a summary, export or import."""
    from .exercises import BankError

    store = ProgressStore(args.file or None)
    if not args.import_ and not (store.path.is_file() or store.path.with_suffix(".json")
                                 .is_file()):
        return _fail(f"no progress saved yet at {store.path}. Answer an exercise in a "
                     f"notebook first, or point --file (or ${ENV_VAR}) at your progress file.")
    try:
        status = _run(args, store)
    except BankError as error:
        status = _fail(f"the exercise bank is invalid: {error}")
    if store.notice:
        print(f"Note: {store.notice}", file=sys.stderr)
    return status


def _run(args, store: ProgressStore) -> int:
    from .exercises import bank

    if args.import_:
        try:
            done = store.import_(args.import_, known=bank())
        except ProgressFileError as error:
            return _fail(str(error))
        if store.in_memory:
            return _fail(f"could not write to {store.path}; nothing was imported.")
        print(f"Imported {done.added} new record(s) and {done.drafts} draft(s) from "
              f"{args.import_} into {store.path}.")
        if done.skipped:
            print(f"Not imported from {args.import_}:", file=sys.stderr)
        for line in done.skipped:
            print(f"  - {line}", file=sys.stderr)
        return 1 if done.skipped else 0
    if args.export:
        try:
            written = store.export(args.export, student=args.student)
        except (OSError, ValueError) as error:
            return _fail(f"could not export to {args.export} "
                         f"({getattr(error, 'strerror', None) or error}).")
        print(f"Exported your progress to {written}. Send this file to your instructor.")
        return 0
    from . import completion

    exercises = bank()
    attempts = store.load()
    graded = completion.regrade(completion.records_frame({"you": attempts}), exercises)
    rows = completion.notebook_progress(completion.exercise_status(graded, exercises, ["you"]))
    print(f"Progress saved in {store.path} (every answer graded again from the bank)\n")
    print(completion.format_summary(rows))
    if others := sorted(i for i in attempts if i not in exercises):
        print(f"\n(Also answers to {len(others)} exercise(s) no longer in the bank: "
              f"{', '.join(others[:5])}{'…' if len(others) > 5 else ''}.)")
    return 0
