"""A pool of Jupyter kernels, each reused report after report with its variables cleared in between."""

from __future__ import annotations

import queue
import time
from pathlib import Path

from ..paths import KERNEL

RESET_TIMEOUT = 15  # seconds for a reset, which takes well under one: a slower kernel is replaced


class Kernels:
    """A pool of kernels, each reused report after report.

    Starting a kernel and importing pandas, Altair and the package costs about five seconds; a report's
    own cells take a fraction of one. So each kernel runs report after report, its namespace emptied
    with `%reset -f -s` in between: modules (and the loaded data, cached by content) stay, which is the
    saving; no variable survives. (The soft reset keeps IPython's output history; a full one also runs
    the garbage collector and takes twice as long.) A kernel that failed in any way but a cell raising
    an error, or that does not reset within RESET_TIMEOUT, is shut down and replaced.

    A fresh kernel is not reset (it is empty): papermill's client waits for it to be ready. A reset's
    client waits too (`wait_for_ready`: a kernel_info reply, then a message on IOPub) before executing.
    IOPub is publish/subscribe: a client that executes before its subscription has reached the kernel
    never sees the kernel's "idle" status and waits for it until its timeout (issue 26: two minutes,
    when the reset was sent to a kernel still starting on a loaded machine). The reset's client lives
    for the reset only: one kept while papermill's runs a report would queue that report's output on
    IOPub, and past ZMQ's high-water mark drop messages, the reset's "idle" among them.
    """

    def __init__(self, count: int, cwd: Path, log: Path, stream=None):
        self.cwd, self._idle, self._all, self._fresh, self._stream = cwd, queue.Queue(), [], set(), stream
        self._log = open(log, "a", encoding="utf-8")  # kernels' own chatter: kept for debugging, out of the build log
        for _ in range(count):
            self._idle.put(self._start())

    def _start(self):
        from jupyter_client.manager import KernelManager

        manager = KernelManager(kernel_name=KERNEL)
        manager.start_kernel(cwd=str(self.cwd), stdout=self._log, stderr=self._log)
        self._all.append(manager)
        self._fresh.add(id(manager))
        return manager

    def acquire(self):
        manager = self._idle.get()
        if manager.is_alive() and (id(manager) in self._fresh or self._reset(manager)):
            self._fresh.discard(id(manager))
            return manager
        manager.shutdown_kernel(now=True)
        manager = self._start()
        self._fresh.discard(id(manager))
        return manager

    def release(self, manager, healthy: bool) -> None:
        if not healthy:
            manager.shutdown_kernel(now=True)
            manager = self._start()
        self._idle.put(manager)

    def _reset(self, manager) -> bool:
        client = manager.client()
        client.allow_stdin = False
        client.start_channels()
        deadline = time.monotonic() + RESET_TIMEOUT
        try:
            client.wait_for_ready(timeout=RESET_TIMEOUT)
            reply = client.execute_interactive(
                "%reset -f -s", store_history=False, timeout=deadline - time.monotonic(), output_hook=lambda msg: None
            )
            return reply["content"]["status"] == "ok"
        except Exception as error:  # a kernel that cannot reset is not reused
            self._say(f"a kernel did not clear its variables ({type(error).__name__}: {error}); starting a new one")
            return False
        finally:
            client.stop_channels()

    def _say(self, message: str) -> None:
        for stream in (self._log, self._stream):
            if stream is not None:
                stream.write(message + "\n")
                stream.flush()

    def shutdown_all(self) -> None:
        for manager in self._all:
            if manager.has_kernel:
                manager.shutdown_kernel(now=True)
        self._log.close()
