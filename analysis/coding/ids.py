"""New ids in a table's own scheme: the next number after the highest, with the same prefix and width (ST28 -> ST29)."""

from __future__ import annotations

import re

from ..dictionary import TableSpec
from ..errors import InputError

NUMBERED = re.compile(r"([^\d]*)(\d+)")


def next_ids(existing, count: int, spec: TableSpec) -> list[str]:
    """`count` fresh ids after the existing ones; with none yet, in the scheme of the id column's example ("e.g.
    ST01")."""
    numbered = [match.groups() for match in (NUMBERED.fullmatch(str(i)) for i in existing) if match]
    if not numbered:
        example = re.search(r"e\.g\. (\S+?)\W*$", spec.column(spec.key).description)
        match = NUMBERED.fullmatch(example.group(1)) if example else None
        if match is None:
            raise InputError(f"{spec.file}: no ids to number after, and no example like 'e.g. ST01' in the dictionary")
        numbered = [(match.group(1), "0" * len(match.group(2)))]
    prefix = max({p for p, _ in numbered}, key=[p for p, _ in numbered].count)  # the scheme most ids follow
    width = max(len(n) for p, n in numbered if p == prefix)
    start = max(int(n) for p, n in numbered if p == prefix) + 1
    return [f"{prefix}{number:0{width}d}" for number in range(start, start + count)]
