"""A pool of Jupyter kernels, each reused report after report with its variables cleared in between."""

from __future__ import annotations

import queue
from pathlib import Path

from ..paths import KERNEL


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
