"""Build the HTML reports listed in reports.yaml: papermill runs each notebook, nbconvert makes offline HTML.

Fit for a scheduler: parameters are checked before any kernel starts; reports run in parallel; each
file is replaced atomically; a failing report keeps its last good HTML, saves the failed notebook and
names the failing cell; a lock stops overlapping builds; unchanged inputs are skipped.
"""

from __future__ import annotations

import fcntl
import hashlib
import html
import json
import os
import sys
import time
import queue
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path

import yaml

from .files import data_content, hash_files, write_atomically

# jsonschema (under papermill and nbformat) imports rfc3987_syntax, if installed, to check the "iri" format;
# importing it builds its parsers, about two seconds on this machine (python-jsonschema/jsonschema#1428).
# Nothing this process validates has an iri field, so it skips that import: jsonschema then leaves the
# iri formats unchecked. Kernels, and anyone importing the package elsewhere, are not affected.
sys.modules.setdefault("rfc3987_syntax", None)

PROJECT_DIR = Path(__file__).resolve().parent.parent
CONFIG = PROJECT_DIR / "reports.yaml"
REPORTS_DIR = PROJECT_DIR / "reports"
DEFAULT_DATA_DIR = PROJECT_DIR / "data"
KERNEL = "python3"  # papermill maps it to the interpreter running the build: this environment's kernel


class BuildError(Exception):
    """The build could not start: bad configuration or parameters, bad data, or another build running."""


@dataclass(frozen=True)
class ReportSpec:
    name: str
    title: str
    notebook: str
    parameters: dict = field(default_factory=dict)


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


# --- configuration ----------------------------------------------------------------------------------


def read_config(path: Path) -> list[ReportSpec]:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, ValueError, yaml.YAMLError) as error:  # ValueError: YAML reading 2023-02-30 as a date
        raise BuildError(f"{path}: cannot read the report list: {error}") from error
    reports = raw.get("reports")
    if not isinstance(reports, dict) or not reports:
        raise BuildError(f"{path}: expected a 'reports:' mapping of report names to their settings")
    specs = []
    for name, settings in reports.items():
        settings = settings or {}
        unknown = set(settings) - {"title", "notebook", "parameters"}
        if unknown or "notebook" not in settings or not str(name).isidentifier():
            raise BuildError(f"{path}: report {name!r} needs a name of letters, digits and _, a 'notebook', "
                             f"and only 'title' and 'parameters' besides{'; not ' + ', '.join(sorted(unknown)) if unknown else ''}")
        parameters = {key: value.isoformat() if hasattr(value, "isoformat") else value
                      for key, value in (settings.get("parameters") or {}).items()}  # YAML reads 2023-05-01 as a date
        specs.append(ReportSpec(str(name), str(settings.get("title", name)), str(settings["notebook"]), parameters))
    return specs


# --- fingerprints: what a report depends on ------------------------------------------------------------


def data_version(data_dir: Path) -> str:
    """A short content hash of the data folder and the seeds beside it."""
    return data_content(data_dir)[:12]


def package_version() -> str:
    """A content hash of the package's code and templates: a code change rebuilds every report."""
    package = Path(__file__).parent
    return hash_files(p for p in package.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".json"))[:12]


def fingerprint(spec: ReportSpec, notebook: Path, data: str, package: str, show_code: bool) -> str:
    inputs = {"notebook": hash_files([notebook]), "parameters": spec.parameters, "title": spec.title,
              "data": data, "package": package, "show_code": show_code}
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:16]


# --- files -------------------------------------------------------------------------------------------


@contextmanager
def build_lock(out_dir: Path):
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / ".build.lock", "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            raise BuildError(f"another build is running (lock {out_dir / '.build.lock'} held by pid {lock.read().strip() or '?'})") from None
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _manifest(out_dir: Path, name: str) -> dict:
    """What the last build recorded for a report; {} if nothing usable (missing, unreadable, older format)."""
    try:
        manifest = json.loads((out_dir / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) and set(manifest) == {f.name for f in fields(Outcome)} else {}


# --- running one report ------------------------------------------------------------------------------


class Kernels:
    """A pool of kernels, each reused report after report.

    Starting a kernel and importing pandas, Altair and the package costs about five seconds; a report's
    own cells take a fraction of one. So each kernel runs report after report, its namespace emptied
    with `%reset -f -s` in between: modules (and the loaded data, cached by content) stay, which is the
    saving; no variable survives. (The soft reset keeps IPython's output history; a full one also runs
    the garbage collector and takes twice as long.) A kernel that failed in any way but a cell raising
    an error is shut down and replaced.
    """

    def __init__(self, count: int, cwd: Path, log: Path):
        self.cwd, self._idle, self._all = cwd, queue.Queue(), []
        self._log = open(log, "a", encoding="utf-8")  # kernels' own chatter: kept for debugging, out of the build log
        for _ in range(count):
            self._idle.put(self._start())

    def _start(self):
        from jupyter_client.manager import KernelManager

        manager = KernelManager(kernel_name=KERNEL)
        manager.start_kernel(cwd=str(self.cwd), stdout=self._log, stderr=self._log)
        self._all.append(manager)
        return manager

    def acquire(self):
        manager = self._idle.get()
        if manager.is_alive() and self._reset(manager):
            return manager
        manager.shutdown_kernel(now=True)
        return self._start()

    def release(self, manager, healthy: bool) -> None:
        if not healthy:
            manager.shutdown_kernel(now=True)
            manager = self._start()
        self._idle.put(manager)

    @staticmethod
    def _reset(manager) -> bool:
        client = manager.client()
        client.start_channels()
        try:
            reply = client.execute_interactive("%reset -f -s", store_history=False, timeout=120)
            return reply["content"]["status"] == "ok"
        except Exception:  # a kernel that cannot reset is not reused
            return False
        finally:
            client.stop_channels()

    def shutdown_all(self) -> None:
        for manager in self._all:
            if manager.has_kernel:
                manager.shutdown_kernel(now=True)
        self._log.close()


def run_report(spec: ReportSpec, notebook: Path, data_dir: str, out_dir: Path, show_code: bool, header: str, kernels: Kernels) -> dict:
    """Execute, convert and publish one report; return {"error": ..., "built_at": ..., "seconds": ...}."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from .rendering import notebook_to_html

    executed = out_dir / f".{spec.name}.running.ipynb"  # only this build writes here: it holds the lock
    kernel, healthy = kernels.acquire(), True
    began = time.monotonic()  # the report's own time, not its wait for a free kernel
    try:
        papermill.execute_notebook(str(notebook), str(executed), parameters={**spec.parameters, "data_dir": data_dir},
                                   kernel_name=KERNEL, km=kernel, progress_bar=False, request_save_on_cell_execute=False)
    except PapermillExecutionError as error:
        os.replace(executed, out_dir / f"{spec.name}.failed.ipynb")
        return {"error": f"cell {error.cell_index} (execution count {error.exec_count}) raised {error.ename}: {error.evalue}",
                "seconds": time.monotonic() - began}
    except Exception as error:  # kernel died, timed out, notebook unreadable...: the others go on
        healthy = False
        if executed.exists():
            os.replace(executed, out_dir / f"{spec.name}.failed.ipynb")
        return {"error": f"{type(error).__name__}: {error}", "seconds": time.monotonic() - began}
    finally:
        kernels.release(kernel, healthy)
    notebook_node = nbformat.read(executed, as_version=4)
    notebook_node.metadata["title"] = spec.title
    page = nbformat.v4.new_notebook(metadata=notebook_node.metadata, cells=[nbformat.v4.new_markdown_cell(header), *notebook_node.cells])
    write_atomically(out_dir / f"{spec.name}.html", notebook_to_html(page, show_code=show_code, cache_dir=out_dir / ".cache"))
    os.replace(executed, out_dir / f"{spec.name}.ipynb")
    (out_dir / f"{spec.name}.failed.ipynb").unlink(missing_ok=True)
    return {"error": "", "built_at": _now(), "seconds": time.monotonic() - began}


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def _header(spec: ReportSpec, data: str, built_at: str) -> str:
    """The line above every report: what it is, with which parameters, on which data, when."""
    parameters = ", ".join(f"{k} = {v}" for k, v in spec.parameters.items()) or "defaults (all data)"
    return html.escape(f"{spec.title}. Parameters: {parameters}. Data version {data}; built {built_at}.", quote=False)


# --- the build -----------------------------------------------------------------------------------------


class Progress:
    """One updating line on a terminal; plain, timestamped log lines otherwise (cron, systemd, CI)."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.stream = total, 0, stream
        self.live = stream.isatty()

    def report(self, outcome: Outcome) -> None:
        self.done += 1
        detail = f" ({outcome.seconds:.1f} s)" if outcome.status == "built" else (f": {outcome.error}" if outcome.error else "")
        line = f"[{self.done}/{self.total}] {outcome.name}: {outcome.status}{detail}"
        if self.live:
            self.stream.write("\r\033[K" + line + ("\n" if outcome.status == "failed" or self.done == self.total else ""))
        else:
            self.stream.write(f"{datetime.now().isoformat(timespec='seconds')} {line}\n")
        self.stream.flush()


def build(config: Path = CONFIG, data_dir: Path | None = None, only=None, jobs: int | None = None, force: bool = False,
          show_code: bool = False, out_dir: Path = REPORTS_DIR, stream=sys.stderr) -> list[Outcome]:
    """Build the reports; return one Outcome per report. Raises BuildError before running anything if it cannot start.

    Notebooks are looked up in the notebooks/ folder beside the config file.
    """
    specs = read_config(config)
    notebook_dir = Path(config).resolve().parent / "notebooks"
    if only:
        unknown = set(only) - {s.name for s in specs}
        if unknown:
            raise BuildError(f"no such report in {config}: {', '.join(sorted(unknown))}")
        specs = [s for s in specs if s.name in only]
    data_path = Path(data_dir) if data_dir else DEFAULT_DATA_DIR
    if not data_path.is_dir():
        raise BuildError(f"data folder not found: {data_path}")
    notebooks = {s.name: notebook_dir / (s.notebook if s.notebook.endswith(".ipynb") else f"{s.notebook}.ipynb") for s in specs}
    missing = [f"{name}: {path}" for name, path in notebooks.items() if not path.exists()]
    if missing:
        raise BuildError("notebook not found for " + "; ".join(missing))

    with build_lock(out_dir):
        data, package = data_version(data_path), package_version()
        outcomes, pending = {}, []
        for spec in specs:
            current = fingerprint(spec, notebooks[spec.name], data, package, show_code)
            previous = _manifest(out_dir, spec.name)
            unchanged = previous.get("fingerprint") == current and previous.get("status") != "failed"
            if unchanged and not force and (out_dir / f"{spec.name}.html").exists():
                outcomes[spec.name] = Outcome(**{**previous, "status": "skipped", "seconds": 0.0, "error": ""})
            else:
                pending.append((spec, current, previous))
        progress = Progress(len(specs), stream)
        for outcome in outcomes.values():
            progress.report(outcome)
        if not pending:
            write_atomically(out_dir / "index.html", index_page(_all_outcomes(out_dir, list(outcomes.values()))))
            return [outcomes[s.name] for s in specs]
        from .summary import summarise

        ds = _check_before_running([s for s, _, _ in pending], notebooks, data_path)  # before any kernel starts
        stream.write(summarise(ds) + "\n")
        workers = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
        kernels = Kernels(workers, notebook_dir, log=out_dir / "kernels.log")
        data_parameter = str(data_path.resolve()) if data_dir else ""  # kernels run in notebooks/: pass an absolute path
        # Threads suffice: the work happens in the kernels, which are processes of their own. One thread per
        # report, so a kernel takes the next report while its last one is still being converted to HTML.
        with ThreadPoolExecutor(max_workers=len(pending)) as pool:
            started = {}
            for spec, current, previous in pending:
                header = _header(spec, data, _now())
                future = pool.submit(run_report, spec, notebooks[spec.name], data_parameter, out_dir, show_code, header, kernels)
                started[future] = (spec, current, previous)
            try:
                for future in as_completed(started):
                    spec, current, previous = started[future]
                    try:
                        result = future.result()
                    except Exception as error:  # a bug in the builder itself: report it, keep going
                        result = {"error": f"{type(error).__name__}: {error}", "seconds": 0.0}
                    failed = bool(result["error"])
                    outcome = Outcome(spec.name, spec.title, spec.notebook, spec.parameters, "failed" if failed else "built",
                                      current, data, built_at=previous.get("built_at", "") if failed else result["built_at"],
                                      seconds=result["seconds"], error=result["error"])
                    write_atomically(out_dir / f"{spec.name}.json", json.dumps(asdict(outcome), indent=2))
                    outcomes[spec.name] = outcome
                    progress.report(outcome)
            finally:
                pool.shutdown(wait=True)
                kernels.shutdown_all()
        ordered = [outcomes[s.name] for s in specs]
        write_atomically(out_dir / "index.html", index_page(_all_outcomes(out_dir, ordered)))
    return ordered


def _check_before_running(specs, notebooks, data_path):
    from .dataset import load
    from .parameters import check
    from .validation import DataError

    try:
        ds = load(data_path)
    except DataError as error:
        raise BuildError(f"the data in {data_path} does not validate, so no report was built:\n{error}") from error
    problems = [f"{spec.name}: {problem}" for spec in specs for problem in check(spec.parameters, notebooks[spec.name], ds)]
    if problems:
        raise BuildError("report parameters rejected, no report was built:\n" + "\n".join(f"  {p}" for p in problems))
    return ds


def _all_outcomes(out_dir: Path, current: list[Outcome]) -> list[Outcome]:
    """This build's reports; reports built earlier with --only keep their rows."""
    names = {o.name for o in current}
    earlier = []
    for manifest in sorted(out_dir.glob("*.json")):
        if manifest.stem not in names:
            previous = _manifest(out_dir, manifest.stem)
            if previous.get("name") == manifest.stem:
                earlier.append(Outcome(**{**previous, "status": "skipped"}))
    return current + earlier


def index_page(outcomes: list[Outcome]) -> str:
    """index.html: every report with its title, parameters, status, data version and build time. No scripts."""
    rows = []
    for o in outcomes:
        link = f'<a href="{html.escape(o.name)}.html">{html.escape(o.title)}</a>' if o.built_at else html.escape(o.title)
        status = {"built": "built now", "skipped": "up to date", "failed": "FAILED"}[o.status]
        if o.status == "failed":
            status += (f'<br><small>{html.escape(o.error)}</small><br><a href="{html.escape(o.name)}.failed.ipynb">failed notebook</a>'
                       + ("; the link shows the last good report" if o.built_at else ""))
        parameters = "<br>".join(f"{html.escape(str(k))} = {html.escape(str(v))}" for k, v in o.parameters.items()) or "defaults"
        rows.append(f'<tr class="{o.status}"><td>{link}</td><td>{html.escape(o.notebook)}</td><td>{parameters}</td>'
                    f"<td>{status}</td><td>{html.escape(o.data_version)}</td><td>{html.escape(o.built_at or 'never')}</td></tr>")
    failed = sum(o.status == "failed" for o in outcomes)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Reports</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; }} th, td {{ border-bottom: 1px solid #ddd; padding: 0.4em 0.8em; text-align: left; vertical-align: top; }}
tr.failed td {{ background: #fde8e8; }} small {{ color: #a00; }}
</style></head>
<body><h1>Reports</h1>
<p>{len(outcomes)} reports{f", {failed} failed" if failed else ""}. Index written {_now()}.</p>
<table><thead><tr><th>Report</th><th>Notebook</th><th>Parameters</th><th>Status</th><th>Data version</th><th>Built</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""
