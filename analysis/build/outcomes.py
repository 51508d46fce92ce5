"""What happened to each report: the record kept beside its HTML (NAME.json), and the progress line."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path

from ..storage import write_atomically


@dataclass
class Outcome:
    name: str
    title: str
    notebook: str
    parameters: dict
    status: str  # "built", "skipped" (unchanged), "failed"
    fingerprint: str
    data_version: str
    built_at: str = ""  # when the HTML now in place was built
    seconds: float = 0.0
    error: str = ""
    finding: str = ""  # the first sentence of the narrative of the HTML now in place (a skipped report keeps it)
    grid: dict = field(default_factory=dict)  # a grid's report: its entry and axis values (config.ReportSpec.grid)


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def read_outcome(out_dir: Path, name: str) -> dict:
    """What the last build recorded for a report; {} if nothing usable (missing, unreadable, older format)."""
    try:
        recorded = json.loads((Path(out_dir) / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return recorded if isinstance(recorded, dict) and set(recorded) == {f.name for f in fields(Outcome)} else {}


def write_outcome(out_dir: Path, outcome: Outcome) -> None:
    write_atomically(Path(out_dir) / f"{outcome.name}.json", json.dumps(asdict(outcome), indent=2))


def with_earlier(out_dir: Path, current: list[Outcome]) -> list[Outcome]:
    """This build's reports; reports built earlier with --only keep their rows."""
    names = {o.name for o in current}
    earlier = []
    for recorded in sorted(Path(out_dir).glob("*.json")):
        if recorded.stem not in names:
            previous = read_outcome(out_dir, recorded.stem)
            if previous.get("name") == recorded.stem:
                earlier.append(Outcome(**{**previous, "status": "skipped"}))
    return current + earlier


class Progress:
    """One updating line on a terminal; plain, timestamped log lines otherwise (cron, systemd, CI)."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.stream = total, 0, stream
        self.live = stream.isatty()

    def report(self, outcome: Outcome) -> None:
        self.done += 1
        detail = (
            f" ({outcome.seconds:.1f} s)"
            if outcome.status == "built"
            else (f": {outcome.error}" if outcome.error else "")
        )
        line = f"[{self.done}/{self.total}] {outcome.name}: {outcome.status}{detail}"
        if self.live:
            self.stream.write(
                "\r\033[K" + line + ("\n" if outcome.status == "failed" or self.done == self.total else "")
            )
        else:
            self.stream.write(f"{datetime.now().isoformat(timespec='seconds')} {line}\n")
        self.stream.flush()
