"""Mutation testing: does a one-line bug in the modules that put numbers in reports fail their tests?

Run: .venv/bin/python benchmarks/mutation.py [--budget MINUTES] [--only SUBSTRING ...] [--seed N] [--list]
Each mutant (a flipped comparison, max for min, +1 for -1, a dropped escape or dict entry; see
mutation.yaml, which also maps each module to its tests) is written over the module in this worktree,
its tests run in a fresh pytest (-x), and the module restored. Killed: the tests failed (or hung past
3x their normal time). Survived: they passed, so no test notices that bug (or the mutant changes nothing
real: an equivalent mutant). Mutants run one at a time, since they share the worktree; in a seeded
random order, taken from the modules in turn, so a --budget cut still covers every module.
Hand-rolled for now: mutmut (on PyPI) was not tried in the time this was written; this script keeps the
choice of tests per module in mutation.yaml and never mutates strings or comments. Moving to mutmut is open.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import subprocess
import sys
import time
import tokenize
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
SETTINGS = Path(__file__).with_suffix(".yaml")
DICT_ENTRY = re.compile(r"""^\s*(["'])[^"']+\1\s*:\s*[^=].*,\s*(#.*)?$""")


@dataclass(frozen=True)
class Mutant:
    path: Path
    line: int  # 1-based
    original: str  # the line as it is
    mutated: str  # the line as the mutant has it ('' when deleted)
    what: str

    def source(self) -> str:
        lines = self.path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[self.line - 1] = self.mutated + ("\n" if self.mutated else "")
        return "".join(lines)


def mutants(path: Path, rules: dict) -> list[Mutant]:
    """Every one-line mutant of a module that still compiles."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline)]
    found = []

    def replace(token, new, what, start=None):
        row, col = token.start if start is None else start
        if token.end[0] != row:
            return
        line = lines[row - 1]
        found.append(Mutant(path, row, line, line[:col] + new + line[token.end[1] :], what))

    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        keyword_flag = token.string in ("True", "False") and i > 0 and tokens[i - 1].string == "="
        if token.type in (tokenize.OP, tokenize.NAME) and token.string in rules["swap"] and not keyword_flag:
            replace(token, rules["swap"][token.string], f"{token.string} -> {rules['swap'][token.string]}")
        if (
            rules.get("off_by_one")
            and token.string in "+-"
            and token.type == tokenize.OP
            and following is not None
            and following.string == "1"
        ):
            swapped = "-" if token.string == "+" else "+"
            replace(token, swapped, f"{token.string} 1 -> {swapped} 1")
        if (
            token.type == tokenize.NAME
            and token.string in rules.get("drop_escape", ())
            and following is not None
            and following.string == "("
        ):
            dotted = i >= 2 and tokens[i - 1].string == "." and tokens[i - 2].type == tokenize.NAME
            start = tokens[i - 2].start if dotted else token.start
            replace(token, "", f"{token.string}(...) dropped", start)
    if rules.get("drop_dict_entry"):
        found += [
            Mutant(path, n, line, "", "dict entry dropped") for n, line in enumerate(lines, 1) if DICT_ENTRY.match(line)
        ]
    return [m for m in found if _compiles(m)]


def _compiles(mutant: Mutant) -> bool:
    try:
        compile(mutant.source(), str(mutant.path), "exec")
    except SyntaxError:
        return False
    return True


def run_tests(tests: list[str], timeout: float) -> tuple[bool, float]:
    """(passed, seconds): a fresh pytest on these tests, stopping at the first failure."""
    began = time.monotonic()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # no mutant's bytecode left behind
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:randomly", "-p", "no:cacheprovider"]
    command += ["-m", "not browser and not live", *tests]
    try:
        result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, time.monotonic() - began
    return result.returncode == 0, time.monotonic() - began


def apply(mutant: Mutant, stamp: float) -> None:
    """Write the mutant with an mtime no other version has, so no cached bytecode of another version is used."""
    mutant.path.write_text(mutant.source(), encoding="utf-8")
    os.utime(mutant.path, (stamp, stamp))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budget", type=float, default=15, help="minutes; the run stops taking mutants after it")
    parser.add_argument("--only", nargs="+", default=[], help="modules whose path contains one of these")
    parser.add_argument("--seed", type=int, default=0, help="the order mutants are taken in")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    args = parser.parse_args(argv)
    settings = yaml.safe_load(SETTINGS.read_text(encoding="utf-8"))
    modules = {
        PROJECT / path: tests
        for path, tests in settings["modules"].items()
        if not args.only or any(part in path for part in args.only)
    }
    rng = random.Random(args.seed)
    per_module = {path: rng.sample(found, len(found)) for path in modules for found in [mutants(path, settings)]}
    if args.list:
        for path, found in per_module.items():
            for m in sorted(found, key=lambda m: m.line):
                print(f"{path.relative_to(PROJECT)}:{m.line}: {m.what}")
        return 0
    deadline = time.monotonic() + 60 * args.budget
    normal = {}
    for path, tests in modules.items():  # the tests must pass as the code is, and show how long they take
        passed, seconds = run_tests(tests, timeout=600)
        if not passed:
            print(f"{path.relative_to(PROJECT)}: its tests fail without any mutation; fix that first", file=sys.stderr)
            return 2
        normal[path] = seconds
    queue = [m for turn in zip_longest(*per_module.values()) for m in turn if m is not None]
    results = {path: [] for path in modules}
    for n, mutant in enumerate(queue):
        if time.monotonic() > deadline:
            break
        original = mutant.path.read_text(encoding="utf-8")
        stat = mutant.path.stat()
        try:
            apply(mutant, stat.st_mtime - 1000 - n)
            passed, _ = run_tests(modules[mutant.path], timeout=max(60, 3 * normal[mutant.path]))
        finally:
            mutant.path.write_text(original, encoding="utf-8")
            os.utime(mutant.path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        results[mutant.path].append((mutant, passed))
        print(f"{'SURVIVED' if passed else 'killed  '} {mutant.path.relative_to(PROJECT)}:{mutant.line}: {mutant.what}")
    tried = sum(len(r) for r in results.values())
    killed = sum(not passed for r in results.values() for _, passed in r)
    print(f"\n{killed} killed of {tried} mutants tried, of {len(queue)} (budget {args.budget:g} min, seed {args.seed})")
    for path, tried_here in results.items():
        survivors = [m for m, passed in tried_here if passed]
        print(f"{path.relative_to(PROJECT)}: {len(tried_here) - len(survivors)}/{len(tried_here)} killed")
        for m in sorted(survivors, key=lambda m: m.line):
            print(f"  survived line {m.line}: {m.what}: {m.original.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
