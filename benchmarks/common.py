"""Shared by the benchmarks: one BLAS/OpenMP thread for each framework, median seconds per epoch, and
the side-by-side printout with the ratio mtorch / PyTorch."""

import statistics
import time

import mtorch


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


def median_seconds(run_epoch, epochs, label):
    """Call ``run_epoch()`` ``epochs`` times, print each time, and return the median in seconds."""
    times = []
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        run_epoch()
        times.append(time.perf_counter() - start)
        print(f"  {label} epoch {epoch}: {times[-1]:.3f} s", flush=True)
    return statistics.median(times)


def print_comparison(title, mtorch_seconds, torch_seconds, unit="s/epoch"):
    """One line per framework and the ratio (below 1.0: mtorch is faster)."""
    print(f"{title}")
    print(f"  mtorch : {mtorch_seconds:.3f} {unit} (median)")
    if torch_seconds is None:
        print("  PyTorch: not installed")
        return
    print(f"  PyTorch: {torch_seconds:.3f} {unit} (median)")
    print(f"  ratio mtorch/PyTorch: {mtorch_seconds / torch_seconds:.2f}")
