"""Hooks for the whole suite, notebooks included (pytest loads this file for `pytest notebooks/` too)."""

import sys

import nbval.kernel
from jupyter_client import KernelManager

from analysis.notebook_refresh import stored_data_version, stored_data_version_now


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb":  # nbval re-runs the notebooks on the live data, cell after cell in one kernel
            item.add_marker("live")


def pytest_configure(config):
    if config.option.color == "auto" and not sys.stdout.isatty():
        config.option.color = "no"  # nbval colours its reports unless told not to: no raw escape codes in logs
    nbval.kernel.start_new_kernel = start_kernel_killing_a_dead_one


def start_kernel_killing_a_dead_one(startup_timeout=60, kernel_name="python", **kwargs):
    """nbval's start_new_kernel, but a kernel not ready in time (dead or silent) is killed and started once more.

    On 2026-12-06 the suite hung at 93%: a notebook's kernel never became ready, and nbval's clean-up asked it to
    shut down gracefully, a send that blocked for ever (py-spy: zmq Socket.send in request_shutdown). Why it was not
    ready is unknown (nbval discards kernel stderr); the likeliest cause with three workers starting kernels at once
    is a port taken between jupyter_client picking it and the kernel binding it (jupyter/jupyter_client#154).
    Killing returns at once, and a second kernel gets new ports. Only the start is repeated: no cell has run yet."""
    for attempt in (1, 2):
        manager = KernelManager(kernel_name=kernel_name, kernel_spec_manager=nbval.kernel.NbvalKernelspecManager())
        manager.start_kernel(**kwargs)
        client = manager.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=startup_timeout)
            return manager, client
        except RuntimeError:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
            if attempt == 2:
                raise


def pytest_terminal_summary(terminalreporter):
    """After nbval failures, say whether data/ changed since the stored outputs were made, and what to run."""
    root = terminalreporter.config.rootpath
    failed = sorted(
        {root / r.nodeid.split("::")[0] for r in terminalreporter.stats.get("failed", []) if ".ipynb::" in r.nodeid}
    )
    if not failed:
        return
    now = stored_data_version_now()
    changed = [path.name for path in failed if stored_data_version(path) != now]
    failed = [path.name for path in failed]
    write = terminalreporter.write_line
    write("")
    if changed:
        write(f"The data changed since the stored outputs of {', '.join(changed)} were made (data version now {now}).")
        write(
            "If the change to data/ is intended, refresh the stored outputs with `make notebooks`, then run the tests "
            "again (`make check`, or `make test`)."
        )
    else:
        write(
            f"{', '.join(failed)}: the data is unchanged since the stored outputs were made, so the code changed what "
            "the notebooks show. Check the differences above; if they are intended, run `make notebooks`."
        )
