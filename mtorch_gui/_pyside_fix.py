"""Work around a PySide6 6.12 reference-count bug before any Qt code runs.

`SignalInstance.emit()` returns True without taking a reference to it, so every `signal.emit(...)` made
from Python drops one reference to True. On Python 3.12+ True is immortal and nothing happens; on 3.11 the
interpreter aborts ("Fatal Python error: bool_dealloc") after a few thousand emits, i.e. within minutes
of drawing or training. Calls of Qt methods that return nothing (``setChecked``, ``setObjectName``, ...)
drop a reference to None the same way (Fatal Python error: none_dealloc). Giving True, False and None a
huge reference count makes them as immortal as 3.12 does.
"""

import ctypes
import sys

if sys.version_info < (3, 12):
    for _constant in (True, False, None):
        # ob_refcnt is the first field of every CPython object
        ctypes.c_ssize_t.from_address(id(_constant)).value += 1 << 40
