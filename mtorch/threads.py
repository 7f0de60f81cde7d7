"""How many threads numpy's BLAS uses, like `torch.set_num_threads`.

Small matrices (MNIST-sized layers) run faster on one BLAS thread than on two here, so the benchmarks
call `set_num_threads(1)`. numpy ships OpenBLAS; we find it among the loaded libraries and call its
own setter through ctypes, so mtorch still needs nothing but numpy.
"""

import ctypes
import glob
import os

import numpy as np

_SETTERS = ("scipy_openblas_set_num_threads64_", "openblas_set_num_threads64_", "openblas_set_num_threads")
_GETTERS = ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_", "openblas_get_num_threads")
_CORENAMES = ("scipy_openblas_get_corename64_", "openblas_get_corename64_", "openblas_get_corename")


def _openblas():
    """numpy's OpenBLAS as a ctypes library, or None when numpy uses another BLAS."""
    here = os.path.dirname(np.__file__)
    candidates = glob.glob(os.path.join(here, "..", "numpy.libs", "*openblas*")) + glob.glob(
        os.path.join(here, ".dylibs", "*openblas*"))
    for path in candidates:
        try:
            return ctypes.CDLL(path)
        except OSError:
            continue
    return None


def _call(names, *args, restype=ctypes.c_int):
    lib = _openblas()
    for name in names if lib is not None else ():
        fn = getattr(lib, name, None)
        if fn is not None:
            fn.restype = restype
            return fn(*args)
    return None


def set_num_threads(n):
    """Use `n` BLAS threads for numpy's matrix products (a no-op where numpy has no OpenBLAS)."""
    if int(n) < 1:
        raise ValueError(f"set_num_threads needs at least 1 thread, got {n}")
    _call(_SETTERS, ctypes.c_int(int(n)))


def get_num_threads():
    """The number of BLAS threads numpy's matrix products use (os.cpu_count() if unknown)."""
    n = _call(_GETTERS)
    return int(n) if n is not None else os.cpu_count()


def blas_kernel():
    """The CPU kernel OpenBLAS chose at run time ("SkylakeX", "Haswell", ...; the environment variable
    OPENBLAS_CORETYPE can force an older one), or None where numpy has no OpenBLAS."""
    name = _call(_CORENAMES, restype=ctypes.c_char_p)
    return name.decode() if name is not None else None
