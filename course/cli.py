"""The command line: ``python -m course {lab,check,progress,report,site}``, each command in
the module named for its concept (which imports what is heavy only when it runs)."""

from __future__ import annotations

import argparse
import importlib
import sys

__all__ = ["build_parser", "main"]

# command -> (module, help); each module has ``cli(args) -> int`` and ``add_arguments(parser)``.
COMMANDS = {
    "lab": ("course.lab", "start JupyterLab at the first notebook (loopback, with a token)"),
    "check": ("course.selfcheck", "check the environment and the data; non-zero on a problem"),
    "progress": ("course.progress_cli", "summarise your progress by notebook; export or import it"),
    "report": ("course.report", "class report from students' progress exports"),
    "site": ("course.site", "execute every notebook once and build the course website"),
}


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one sub-command per entry of ``COMMANDS``."""
    parser = argparse.ArgumentParser(prog="python -m course",
                                     description="Open Weights, Open Markets: course tools.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(_module=module)
        importlib.import_module(module).add_arguments(command)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    module = importlib.import_module(args._module)
    try:
        return int(module.cli(args) or 0)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
