# Installed into the environment (.venv/etc/ipython/) by the Makefile; read by every kernel it starts.
# ipykernel 7 warns "Kernel is running over TCP without encryption" whenever a kernel listens on TCP
# without CurveZMQ keys. Our kernels listen on this machine only (papermill, nbval, JupyterLab), so the
# warning tells an analyst nothing they can act on; this drops that one message and no other.
import logging

logging.getLogger("IPKernelApp").addFilter(lambda record: "without encryption" not in record.getMessage())
