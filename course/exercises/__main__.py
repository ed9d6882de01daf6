"""``python -m course.exercises [FILE…]``: check bank files (exit status 1 if any is
wrong), write the bank's schema, or print the rubrics."""

import argparse
import sys

from .kinds.reflection import rubrics_markdown
from .loader import BankError, bank, bank_folder, load_bank_file
from .schema import schema_text

parser = argparse.ArgumentParser(prog="python -m course.exercises", description=__doc__)
parser.add_argument("files", nargs="*", help="bank files to check (default: the whole bank)")
parser.add_argument("--write-schema", action="store_true",
                    help="regenerate data/exercises/schema.json from the exercise kinds")
parser.add_argument("--rubrics", action="store_true",
                    help="print every reflection's rubric as Markdown (for the instructor guide)")
args = parser.parse_args()
if args.rubrics:
    print(rubrics_markdown(bank()), end="")
elif args.write_schema:
    path = bank_folder() / "schema.json"
    path.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {path}")
else:
    failed = 0
    for name in args.files or sorted(bank_folder().glob("*.toml")):
        try:
            print(f"{name}: {len(load_bank_file(name))} exercises, all valid")
        except BankError as error:
            print(error)
            failed += 1
    sys.exit(1 if failed else 0)
