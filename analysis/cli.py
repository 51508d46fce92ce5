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
    refresh = commands.add_parser("refresh-notebooks", help="re-run notebooks in place so nbval's stored outputs match the data")
    refresh.add_argument("names", nargs="*", help="notebook names (default: all)")
    args = parser.parse_args(argv)
    if args.command == "refresh-notebooks":
        return refresh_command(args.names)
    return validate_command(args.data)


def refresh_command(names: list[str]) -> int:
    from .notebooks import refresh  # imported here: it starts kernels, validation does not need it

    for path in refresh(names):
        print(f"refreshed {path}")
    return 0


def validate_command(data: str | None) -> int:
    try:
        ds = load(data)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    print(summarise(ds))
    return 0
