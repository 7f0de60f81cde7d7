"""Shared by the benchmarks: one BLAS/OpenMP thread for each framework, median seconds per epoch, the
side-by-side printout with the ratio mtorch / PyTorch, and which BLAS kernel numpy ran (every benchmark
prints it with its results: OpenBLAS's older kernels, forced by OPENBLAS_CORETYPE, make numpy's matrix
products 1.3-1.8x slower, while PyTorch's own MKL/oneDNN is not affected)."""

import os
import statistics
import time

import numpy as np

import mtorch
from mtorch.threads import blas_kernel


def import_torch():
    """PyTorch set to one thread, or None when it is not installed (the benchmark then runs mtorch only)."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    return torch


def one_thread():
    """numpy's BLAS on one thread: faster than two for these small matrices, and a fair comparison."""
    mtorch.set_num_threads(1)


def blas_report():
    """One line: numpy's BLAS library, the kernel it chose at run time and its thread count, from
    threadpoolctl when it is installed, else from numpy's build configuration and OpenBLAS itself."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        library, kernel, threads = f"{blas['name']} {blas.get('version', '')}", blas_kernel(), mtorch.get_num_threads()
    else:
        info = next((i for i in threadpool_info() if i.get("user_api") == "blas"), {})
        library, kernel, threads = (f"{info.get('internal_api', '?')} {info.get('version', '')}",
                                    info.get("architecture"), info.get("num_threads"))
    forced = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ}
    note = f", set by {' '.join(f'{k}={v}' for k, v in forced.items())}" if forced else ""
    return f"numpy BLAS: {library.strip()}, kernel {kernel or 'unknown'}{note}, {threads} thread(s)"


def median_seconds(runs, rounds):
    """Call each of ``runs`` ({label: run_epoch}) once per round for ``rounds`` rounds, alternating between
    them so that a change in the machine's load hits all alike; print every time and return
    {label: (median wall seconds, median CPU seconds)}. On a busy machine the CPU time (this process
    only, one thread) is the steadier of the two."""
    times = {label: [] for label in runs}
    for round_ in range(1, rounds + 1):
        for label, run_epoch in runs.items():
            wall, cpu = time.perf_counter(), time.process_time()
            run_epoch()
            times[label].append((time.perf_counter() - wall, time.process_time() - cpu))
            print(f"  {label} epoch {round_}: {times[label][-1][0]:.3f} s (CPU {times[label][-1][1]:.3f} s)",
                  flush=True)
    return {label: tuple(statistics.median(column) for column in zip(*t)) for label, t in times.items()}


def print_comparison(title, mtorch_seconds, torch_seconds, unit="s/epoch"):
    """One line per framework and the ratio (below 1.0: mtorch is faster)."""
    print(f"{title}")
    print(f"  mtorch : {mtorch_seconds:.3f} {unit} (median)")
    if torch_seconds is None:
        print("  PyTorch: not installed")
        return
    print(f"  PyTorch: {torch_seconds:.3f} {unit} (median)")
    print(f"  ratio mtorch/PyTorch: {mtorch_seconds / torch_seconds:.2f}")
