"""build --executor dask: each report a task on a Dask distributed cluster (the optional extra `dask`).

With no address, a LocalCluster of worker processes on this machine; with one, the team's cluster. Each
worker keeps warm kernels (a worker plugin holding a Kernels pool) and sends back the executed notebook,
its HTML and the fingerprint of what it ran; the client publishes them, each file atomically. A worker
first proves it reads the data the client validated (data_version of the shared folder, before and after
the report) and runs the same package code and notebook (the fingerprint); else that report fails, named.
A worker that dies mid-report has its reports retried elsewhere by the scheduler (`allowed-failures`
times), then they fail by name; the other reports go on.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import distributed

from ..errors import SchedulerError
from .config import ReportSpec
from .fingerprints import data_version, fingerprint, package_version
from .kernels import Kernels
from .run import Produced, ReportResult, produce, publish

PLUGIN = "analysis-warm-kernels"
CONNECT_SECONDS = 10


@dataclass(frozen=True)
class Task:
    """One report as a worker receives it: the notebook travels as text, the data is a shared folder's path."""

    spec: ReportSpec
    notebook_name: str
    notebook: str
    data_dir: str
    data: str  # the data version the client validated
    package: str  # the client's package version
    fingerprint: str  # what the client expects the worker to run
    show_code: bool
    header: str


@dataclass(frozen=True)
class Sent:
    """What a worker sends back: what the report produced, and the fingerprint of what it ran."""

    produced: Produced
    fingerprint: str = ""


class WarmKernels(distributed.WorkerPlugin):
    """A worker plugin: one pool of kernels per worker, kept warm between tasks. One thread more than kernels (at
    least one kernel): as in the local build, a kernel takes its next report while the last is converted to HTML."""

    name = PLUGIN

    def setup(self, worker):
        self.lock, self.kernels = threading.Lock(), None
        self.work_dir = Path(worker.local_directory) / "analysis"
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.size = max(1, worker.state.nthreads - 1)

    def pool(self) -> Kernels:
        with self.lock:  # started by the first task, in its thread: the worker's event loop never waits on it
            if self.kernels is None:
                self.kernels = Kernels(self.size, self.work_dir, log=self.work_dir / "kernels.log")
            return self.kernels

    def teardown(self, worker):
        if self.kernels is not None:
            self.kernels.shutdown_all()


def run_on_worker(task: Task) -> Sent:
    """The task a worker runs: check the data and the code it would run, then execute and convert the report."""
    worker = distributed.get_worker()
    plugin = worker.plugins[PLUGIN]
    where = f"worker {worker.address}"
    data_dir = Path(task.data_dir)
    mismatch = _data_mismatch(data_dir, task.data, where)
    if mismatch:
        return Sent(Produced(mismatch))
    folder = plugin.work_dir / task.spec.name
    folder.mkdir(exist_ok=True)
    notebook = folder / task.notebook_name
    notebook.write_text(task.notebook, encoding="utf-8")
    package = package_version()
    ran = fingerprint(task.spec, notebook, task.data, package, task.show_code)
    if ran != task.fingerprint:
        return Sent(Produced(f"{where} runs other code (package version {package}, the client's {task.package})"), ran)
    produced = produce(task.spec, notebook, data_dir, plugin.work_dir, task.show_code, task.header, plugin.pool())
    changed = _data_mismatch(data_dir, task.data, where, during=True)
    return Sent(Produced(changed, produced.seconds) if changed else produced, ran)


def _data_mismatch(data_dir: Path, validated: str, where: str, during: bool = False) -> str:
    """'' when data_dir on this worker is the validated data; else a message naming both versions."""
    found = data_version(data_dir) if data_dir.is_dir() else "missing"
    if found == validated:
        return ""
    when = "changed during the report: it is now" if during else "is"
    return (
        f"the data folder {data_dir} on {where} {when} version {found}, not version {validated} that the build "
        "validated; workers must read the same data folder as the client"
    )


class Cluster:
    """The client's side: connect (or start a LocalCluster), send the reports, hand back each result as it comes."""

    def __init__(self, address: str | None, workers: int):
        self.address, self.workers, self.client, self.local = address, workers, None, None
        if address:  # before the build writes anything: an unreachable scheduler leaves no trace
            self.client = self._connect(address)

    def _connect(self, address: str):
        try:
            return distributed.Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise SchedulerError(
                f"cannot reach the Dask scheduler at {address} ({error}); start it with `dask scheduler`, "
                "or leave out --scheduler to run a cluster on this machine"
            ) from None

    def _started(self):
        if self.client is None:
            self.local = distributed.LocalCluster(
                n_workers=self.workers,
                threads_per_worker=2,  # one kernel each (WarmKernels)
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client = distributed.Client(self.local, set_as_default=False)
        self.client.register_plugin(WarmKernels(), name=PLUGIN)
        return self.client

    def run(self, tasks: list[tuple[object, Task]], out_dir: Path) -> Iterator[tuple[object, ReportResult]]:
        """(key, task) pairs in; (key, result) out as reports finish, their files published."""
        client = self._started()
        futures = {
            client.submit(run_on_worker, task, key=f"report-{task.spec.name}-{uuid.uuid4().hex[:8]}", pure=False): (
                key,
                task,
            )
            for key, task in tasks
        }
        for future in distributed.as_completed(futures, loop=client.loop):
            key, task = futures.pop(future)
            yield key, self._published(future, task, out_dir)
            future.release()

    @staticmethod
    def _published(future, task: Task, out_dir: Path) -> ReportResult:
        try:
            sent = future.result()
        except distributed.KilledWorker as error:
            return ReportResult(f"the workers building it died, {error}; the other reports went on")
        except Exception as error:  # the task could not run at all (unpicklable, a worker without the package...)
            return ReportResult(f"{type(error).__name__} on the cluster: {error}")
        return publish(out_dir, task.spec.name, sent.produced)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.local is not None:
            self.local.close()
