"""build --executor dask for real: a LocalCluster of 2 worker processes builds a small grid, one report made to fail,
one worker killed mid-run; the outputs are those of a local build of the same grid."""

import io
import os
import re
import shutil
import signal
import threading
import time

import nbformat
import pytest

distributed = pytest.importorskip("distributed", reason="the optional extra 'dask' (distributed) is not installed")

from analysis import build  # noqa: E402
from analysis.build import cluster as dask_cluster  # noqa: E402
from analysis.build.fingerprints import data_version, package_version  # noqa: E402
from analysis.cli import main  # noqa: E402
from conftest import FIXTURE_DATA, PROJECT_DIR  # noqa: E402

GRID = """
reports:
  attacks:
    title: Attacks in {province}, {period}
    notebook: attack_counts
    parameters: {freq: month}
    grid: {provinces: [Kabul, Balkh, Herat], period: yearly from 2023-01 to 2023-12}
  officials:
    notebook: official_killings
    grid: {provinces: [Balkh, Badakhshan]}
"""
FAILING = "attacks_herat_2023"  # its notebook raises for Herat


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("grid")
    (root / "notebooks").mkdir()
    shutil.copy(PROJECT_DIR / "notebooks" / "official_killings.ipynb", root / "notebooks")
    notebook = nbformat.read(PROJECT_DIR / "notebooks" / "attack_counts.ipynb", as_version=4)
    notebook.cells.insert(
        2, nbformat.v4.new_code_cell('if provinces == "Herat":\n    raise RuntimeError("made to fail")')
    )
    nbformat.write(notebook, root / "notebooks" / "attack_counts.ipynb")
    (root / "reports.yaml").write_text(GRID, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
    ) as local:
        yield local


def run(project, out, **options):
    outcomes = build.build(
        config=project / "reports.yaml", data_dir=FIXTURE_DATA, out_dir=out, stream=io.StringIO(), **options
    )
    return {o.name: o for o in outcomes}


def kill_a_worker_mid_report(address: str, killed: list) -> None:
    """Once a report has run for a second on a worker, kill that worker's process (its nanny starts another)."""
    with distributed.Client(address, set_as_default=False) as client:
        pids = client.run(os.getpid)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            busy = {worker: keys for worker, keys in client.processing().items() if keys}
            if busy:
                time.sleep(1)
                worker, keys = next(iter(busy.items()))
                killed.append(re.sub(r"^report-(.*)-[0-9a-f]{8}$", r"\1", str(keys[0])))
                os.kill(pids[worker], signal.SIGKILL)
                return
            time.sleep(0.1)


def comparable(page: str) -> str:
    """A page less what differs between any two builds: its build time and nbformat's random cell ids."""
    return re.sub(r'id="cell-id=[0-9a-f]+"', "", re.sub(r"built \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", "", page))


def test_a_grid_built_on_a_dask_cluster_is_the_local_build(project, cluster, tmp_path):
    killed = []
    killer = threading.Thread(target=kill_a_worker_mid_report, args=(cluster.scheduler_address, killed))
    killer.start()
    on_dask = run(project, tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address)
    killer.join()
    local = run(project, tmp_path / "local", jobs=2)
    assert len(on_dask) == 5 and killed and killed[0] in on_dask
    # the killed worker's report was retried elsewhere (or, past allowed-failures, failed by name): it is built here
    assert {n: o.status for n, o in on_dask.items()} == {n: o.status for n, o in local.items()}
    assert {n for n, o in on_dask.items() if o.status == "failed"} == {FAILING}
    errors = [re.sub(r"execution count \d+", "", o[FAILING].error) for o in (on_dask, local)]  # counts vary by kernel
    assert errors[0] == errors[1] and errors[0].endswith("raised RuntimeError: made to fail")
    assert (tmp_path / "dask" / f"{FAILING}.failed.ipynb").exists() and not (
        tmp_path / "dask" / f"{FAILING}.html"
    ).exists()
    for name, outcome in local.items():
        assert on_dask[name].finding == outcome.finding and on_dask[name].fingerprint == outcome.fingerprint
        if outcome.status == "built":
            pages = [
                comparable((tmp_path / out / f"{name}.html").read_text(encoding="utf-8")) for out in ("dask", "local")
            ]
            assert pages[0] == pages[1], name  # same figures (their Vega specs are in the page), same words
    assert [p.name for p in (tmp_path / "dask").glob(".*")] == [".build.lock"]  # no half-written file left
    again = run(project, tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address)
    assert {o.status for n, o in again.items() if n != FAILING} == {"skipped"}  # unchanged reports are skipped


def test_a_worker_refuses_data_other_than_the_validated(project, cluster, tmp_path):
    spec = build.read_config(project / "reports.yaml", FIXTURE_DATA)[3]
    notebook = project / "notebooks" / f"{spec.notebook}.ipynb"
    task = dask_cluster.Task(
        spec,
        notebook.name,
        notebook.read_text(encoding="utf-8"),
        str(FIXTURE_DATA),
        "0123456789ab",
        "p",
        "f",
        False,
        "",
    )
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        client.register_plugin(dask_cluster.WarmKernels(), name=dask_cluster.PLUGIN)
        sent = client.submit(dask_cluster.run_on_worker, task, pure=False).result()
        assert sent.produced.error == (
            f"the data folder {FIXTURE_DATA} on worker {sent.produced.error.split(' on worker ')[1].split(' ')[0]} is "
            f"version {data_version(FIXTURE_DATA)}, not version 0123456789ab that the build validated; workers must "
            "read the same data folder as the client"
        )
        task = dask_cluster.Task(**{**task.__dict__, "data": data_version(FIXTURE_DATA), "package": "client-code"})
        sent = client.submit(dask_cluster.run_on_worker, task, pure=False).result()
        assert sent.produced.error.endswith(
            f"runs other code (package version {package_version()}, the client's client-code)"
        )


def test_an_unreachable_scheduler_is_one_message_exit_1_and_nothing_written(project, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(dask_cluster, "CONNECT_SECONDS", 1)
    out = tmp_path / "out"
    argv = ["build", "--config", str(project / "reports.yaml"), "--out", str(out), "--scheduler", "tcp://127.0.0.1:9"]
    assert main(argv) == 1
    error = capsys.readouterr().err
    assert error.startswith("build: cannot reach the Dask scheduler at tcp://127.0.0.1:9") and error.count("\n") == 1
    assert not out.exists()
