"""The command line: `python -m analysis validate [--data PATH]`."""

from __future__ import annotations

import argparse
import sys

from .dataset import load
from .summary import summarise
from .validation import DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Coded statements and incidents around ISKP.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="validate the coded tables and print a summary")
    validate.add_argument("--data", metavar="PATH", help="folder of the coded CSV tables (default: the project's data/)")
    args = parser.parse_args(argv)
    return validate_command(args.data)


def validate_command(data: str | None) -> int:
    try:
        ds = load(data)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    print(summarise(ds))
    return 0
