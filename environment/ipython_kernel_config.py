# Installed into the environment (.venv/etc/ipython/) by the Makefile; read by every kernel it starts.
# ipykernel 7 warns "Kernel is running over TCP without encryption" whenever a kernel listens on TCP
# without CurveZMQ keys. Our kernels listen on this machine only (papermill, nbval, JupyterLab), so the
# warning tells an analyst nothing they can act on; this drops that one message and no other.
import logging

logging.getLogger("IPKernelApp").addFilter(lambda record: "without encryption" not in record.getMessage())

# The kernels skip jsonschema's IRI formats, whose grammar takes 2 s to compile on import (analysis.paths explains).
try:
    from analysis.paths import skip_iri_formats
except ImportError:  # a kernel of this environment started before the package was installed
    pass
else:
    skip_iri_formats()
