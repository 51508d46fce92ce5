"""Build the HTML reports listed in reports.yaml: plan (what changed), run (papermill in pooled kernels),
publish (offline HTML, outcome records, index.html); print_reports then prints them to PDF (--pdf).

Fit for a scheduler: parameters are checked before any kernel starts; reports run in parallel; each
file is replaced atomically; a failing report keeps its last good HTML, saves the failed notebook and
names the failing cell; a lock stops overlapping builds; unchanged inputs are skipped. The data folder
is resolved once (base.data_folder) and passed to every kernel as an absolute path, so a report renders
exactly the data the build validated and labels, whatever the environment says.
"""

from __future__ import annotations

import fcntl
import os
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError
from ..paths import NOTEBOOK_DIR, REPORTS_CONFIG, REPORTS_DIR, data_folder
from ..storage import write_atomically
from .config import ReportSpec, history_keep, read_config
from .fingerprints import data_version, fingerprint, package_version
from .history import SETTINGS as HISTORY
from .index import index_page
from .kernels import Kernels
from .outcomes import Outcome, Progress, now, read_outcome, with_earlier, write_outcome
from .pdf import print_pdfs
from .run import ReportResult, header, run_report

CONFIG = REPORTS_CONFIG
__all__ = [
    "BuildError",
    "CONFIG",
    "Outcome",
    "Progress",
    "ReportSpec",
    "build",
    "build_lock",
    "data_version",
    "print_reports",
    "read_config",
]


@dataclass(frozen=True)
class Pending:
    """A report to run: its spec, notebook, new fingerprint and what the last build recorded."""

    spec: ReportSpec
    notebook: Path
    fingerprint: str
    previous: dict


def build(
    config: Path = CONFIG,
    data_dir: Path | None = None,
    only=None,
    jobs: int | None = None,
    force: bool = False,
    show_code: bool = False,
    out_dir: Path = REPORTS_DIR,
    stream=sys.stderr,
    executor: str = "threads",
    scheduler: str | None = None,
) -> list[Outcome]:
    """Build the reports; return one Outcome per report. Raises BuildError before running anything if it cannot start.

    Notebooks are looked up in the notebooks/ folder beside the config file. executor "threads" runs them in local
    kernels; "dask" on a Dask cluster (cluster.py): the one at `scheduler`, else a LocalCluster of `jobs` workers.
    """
    if jobs is not None and jobs < 1:
        raise BuildError(f"jobs {jobs}: give at least 1 (or none: one per CPU)")
    data_path = data_folder(data_dir)
    specs, notebooks = _reports(Path(config), only, data_path)
    if not data_path.is_dir():
        raise BuildError(f"data folder not found: {data_path}")
    out_dir = Path(out_dir)
    keep = history_keep(Path(config), HISTORY["keep"])
    cluster = _cluster(scheduler, jobs) if executor == "dask" else None
    try:
        return _build(specs, notebooks, data_path, show_code, force, out_dir, jobs, cluster, stream, not only, keep)
    finally:
        if cluster is not None:
            cluster.close()


def _build(specs, notebooks, data_path, show_code, force, out_dir, jobs, cluster, stream, whole, keep) -> list[Outcome]:
    """`whole`: a build of the whole report list (not --only); `keep`: builds the history keeps (0: none)."""
    with build_lock(out_dir):
        data = data_version(data_path)
        skipped, pending = _plan(specs, notebooks, data, show_code, force, out_dir)
        progress = Progress(len(specs), stream)
        for outcome in skipped.values():
            progress.report(outcome)
        rejected, runnable, ds = _check_before_running(pending, data_path, data, stream) if pending else ({}, [], None)
        history = _recording(out_dir, ds, data_path, data) if runnable and keep else None
        for outcome in rejected.values():
            write_outcome(out_dir, outcome)
            progress.report(outcome)
        results = (
            _run_on(cluster, runnable, data_path, data, show_code, out_dir)
            if cluster
            else _run(runnable, data_path, data, show_code, out_dir, jobs, stream)
        )
        built = {}
        for report, result in results if runnable else ():
            outcome = _outcome(report, result, data)
            if history and outcome.status == "built":
                history.built(report.spec, outcome)
            write_outcome(out_dir, outcome)
            built[report.spec.name] = outcome
            progress.report(outcome)
        outcomes = {**skipped, **rejected, **built}
        ordered = [outcomes[s.name] for s in specs]
        if history and history.reports:
            history.record(specs, whole, keep)
        write_atomically(out_dir / "index.html", index_page(with_earlier(out_dir, ordered), out_dir))
    return ordered


def print_reports(
    outcomes: list[Outcome], out_dir: Path = REPORTS_DIR, force: bool = False, stream=sys.stderr
) -> dict[str, str]:
    """NAME.pdf for each report a build just built or found up to date (a failed one gets none), under the build lock.

    Returns {name: "printed" | "up to date" | why it failed}; raises BuildError when no PDF can be printed
    (playwright or Chromium missing), leaving the HTML as the build left it.
    """
    good = [o.name for o in outcomes if o.status != "failed"]
    with build_lock(Path(out_dir)):
        return print_pdfs(Path(out_dir), good, force, stream)


def _reports(config: Path, only, data_path: Path) -> tuple[list[ReportSpec], dict[str, Path]]:
    """The reports to build; `only` names reports, or grid entries for all their reports."""
    specs = read_config(config, data_path)
    notebook_dir = config.resolve().parent / NOTEBOOK_DIR.name
    if only:
        unknown = set(only) - {s.name for s in specs} - {s.grid.get("entry") for s in specs}
        if unknown:
            raise BuildError(f"no such report in {config}: {', '.join(sorted(unknown))}")
        specs = [s for s in specs if s.name in only or s.grid.get("entry") in only]
    notebooks = {s.name: s.notebook_path(notebook_dir) for s in specs}
    return specs, notebooks


def _plan(
    specs, notebooks, data: str, show_code: bool, force: bool, out_dir: Path
) -> tuple[dict[str, Outcome], list[Pending]]:
    """Reports whose inputs are unchanged since their last good build are skipped; the rest are pending."""
    package = package_version()
    skipped, pending = {}, []
    for spec in specs:
        current = fingerprint(spec, notebooks[spec.name], data, package, show_code)
        previous = read_outcome(out_dir, spec.name)
        unchanged = previous.get("fingerprint") == current and previous.get("status") != "failed"
        if unchanged and not force and (out_dir / f"{spec.name}.html").exists():
            skipped[spec.name] = Outcome(**{**previous, "status": "skipped", "seconds": 0.0, "error": ""})
        else:
            pending.append(Pending(spec, notebooks[spec.name], current, previous))
    return skipped, pending


def _run(pending: list[Pending], data_path: Path, data: str, show_code: bool, out_dir: Path, jobs, stream):
    """Run the reports in parallel local kernels; yield (report, result) as each is published."""
    workers = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
    kernels = Kernels(workers, pending[0].notebook.parent, log=out_dir / "kernels.log", stream=stream)
    # Threads suffice: the work happens in the kernels, which are processes of their own. One thread per
    # report, so a kernel takes the next report while its last one is still being converted to HTML.
    with ThreadPoolExecutor(max_workers=len(pending)) as pool:
        started = {
            pool.submit(
                run_report, p.spec, p.notebook, data_path, out_dir, show_code, header(p.spec, data, now()), kernels
            ): p
            for p in pending
        }
        try:
            for future in as_completed(started):
                try:
                    result = future.result()
                except Exception as error:  # a bug in the builder itself: report it, keep going
                    result = ReportResult(f"{type(error).__name__}: {error}")
                yield started[future], result
        finally:
            pool.shutdown(wait=True)
            kernels.shutdown_all()


def _cluster(scheduler: str | None, jobs: int | None):
    """The Dask cluster, connected before the build writes anything (a LocalCluster starts only when needed)."""
    try:
        from .cluster import Cluster
    except ImportError as error:
        raise BuildError(
            f"--executor dask needs the optional extra 'dask' (pip install -e '.[dask]'): {error}"
        ) from None
    return Cluster(scheduler, jobs or os.cpu_count() or 1)


def _run_on(cluster, pending: list[Pending], data_path: Path, data: str, show_code: bool, out_dir: Path):
    """Run the reports as tasks on the Dask cluster; yield (report, result) as each is published."""
    from .cluster import Task

    package = package_version()
    tasks = [
        (
            p,
            Task(
                p.spec,
                p.notebook.name,
                p.notebook.read_text(encoding="utf-8"),
                str(data_path),
                data,
                package,
                p.fingerprint,
                show_code,
                header(p.spec, data, now()),
            ),
        )
        for p in pending
    ]
    yield from cluster.run(tasks, out_dir)


def _outcome(report: Pending, result: ReportResult, data: str) -> Outcome:
    spec, failed = report.spec, bool(result.error)
    last_good = report.previous if failed else {"built_at": result.built_at, "finding": result.finding}
    return Outcome(
        spec.name,
        spec.title,
        spec.notebook,
        spec.parameters,
        "failed" if failed else "built",
        report.fingerprint,
        data,
        built_at=last_good.get("built_at", ""),
        seconds=result.seconds,
        error=result.error,
        finding=last_good.get("finding", ""),
        grid=spec.grid,
    )


def _check_before_running(
    pending: list[Pending], data_path: Path, data: str, stream
) -> tuple[dict[str, Outcome], list[Pending]]:
    """Before any kernel starts: the data must validate (else no report is built), and each report's entry and
    parameters are checked; a report with problems fails alone, named with every problem."""
    from ..dataset import load
    from ..errors import DataError
    from ..parameters import check
    from ..summary import summarise

    try:
        ds = load(data_path)
    except DataError as error:
        raise BuildError(f"the data in {data_path} does not validate, so no report was built:\n{error}") from error
    stream.write(summarise(ds) + "\n")
    rejected, runnable = {}, []
    for report in pending:
        problems = list(report.spec.problems)
        if not problems and not report.notebook.exists():
            problems.append(f"notebook not found: {report.notebook}")
        if not problems:
            problems = check(report.spec.parameters, report.notebook, ds)
        if problems:
            rejected[report.spec.name] = _outcome(report, ReportResult("; ".join(problems)), data)
        else:
            runnable.append(report)
    return rejected, runnable, ds


def _recording(out_dir: Path, ds, data_path: Path, data: str):
    from .changes import Recording  # here: pandas, which a build with nothing to do never imports

    return Recording(out_dir, ds, data_path, data)


@contextmanager
def build_lock(out_dir: Path):
    """Refuse a second, overlapping build (reports/.build.lock holds the running build's pid)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / ".build.lock", "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            raise BuildError(
                f"another build is running (lock {out_dir / '.build.lock'} held by pid {lock.read().strip() or '?'})"
            ) from None
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
