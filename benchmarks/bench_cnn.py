"""Seconds per MNIST epoch and peak memory of two CNNs in mtorch and in PyTorch, one thread each.

    python benchmarks/bench_cnn.py [--quick] [--batches N] [--net small|example|both]

- small: Conv2d(1, 8, 3, padding=1), ReLU, MaxPool2d(2), Conv2d(8, 16, 3, padding=1), ReLU, MaxPool2d(2),
  Flatten, Linear(784, 10); cross-entropy, Adam(lr=1e-3), batch 64.
- example: the network of PyTorch's official MNIST example (pytorch/examples mnist/main.py): Conv2d 1->32->64,
  ReLU, max_pool2d, Dropout, Linear 9216->128->10, log_softmax, nll_loss; Adadelta(lr=1.0), batch 64.

The same model and training code runs on both frameworks (mtorch has PyTorch's API), fed the same way:
a shuffled permutation indexes the normalised training images and `from_numpy` wraps each batch.

Each (framework, network) run happens in a fresh child process, so its memory is its own. Peak memory is
the peak resident set size during the epoch minus the resident size just before its first batch (after
importing, loading MNIST and building the model): what training itself added at its highest. On Linux
the peak is reset right before the epoch (/proc/self/clear_refs) and read from VmHWM; elsewhere it is
ru_maxrss. Time is wall-clock; CPU time is printed as well, as it is steadier on a busy machine.
--quick times 100 batches and scales to the 938 of an epoch.
"""

import argparse
import math
import multiprocessing
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import blas_report, import_torch, one_thread

BATCH_SIZE = 64


def mnist_arrays():
    """Training images float32 (60000, 1, 28, 28) normalised as in the examples, labels int64."""
    from mtorch.datasets import MNIST

    train = MNIST(train=True)
    images = train.data.numpy().astype(np.float32)[:, None] / 255
    return (images - np.float32(0.1307)) / np.float32(0.3081), train.targets.numpy()


def small_cnn(fw):
    nn = fw.nn
    return nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(784, 10))


def example_net(fw):
    """pytorch/examples mnist/main.py's Net, written once for either framework."""
    nn, F = fw.nn, fw.nn.functional

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 32, 3, 1)
            self.conv2 = nn.Conv2d(32, 64, 3, 1)
            self.dropout1 = nn.Dropout(0.25)
            self.dropout2 = nn.Dropout(0.5)
            self.fc1 = nn.Linear(9216, 128)
            self.fc2 = nn.Linear(128, 10)

        def forward(self, x):
            x = F.relu(self.conv1(x))
            x = F.relu(self.conv2(x))
            x = self.dropout1(F.max_pool2d(x, 2))
            x = fw.flatten(x, 1)
            x = self.dropout2(F.relu(self.fc1(x)))
            return F.log_softmax(self.fc2(x), dim=1)

    return Net()


def build(fw, network):
    """Model, optimizer and loss function of `network` in framework `fw` (mtorch or torch)."""
    if network == "small":
        model = small_cnn(fw)
        return model, fw.optim.Adam(model.parameters(), lr=1e-3), fw.nn.functional.cross_entropy
    model = example_net(fw)
    return model, fw.optim.Adadelta(model.parameters(), lr=1.0), fw.nn.functional.nll_loss


def _resident_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def _reset_peak():
    """Start a new peak-RSS measurement: True on Linux (VmHWM reset), False where only ru_maxrss exists."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _peak_mb(linux):
    if linux:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) / 1024
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / 2**20 if sys.platform == "darwin" else maxrss / 1024


def run(framework, network, batches):
    """In a child process: train `batches` batches of one epoch; seconds, CPU seconds and peak memory."""
    if framework == "mtorch":
        import mtorch as fw

        one_thread()
    else:
        fw = import_torch()
    images, labels = mnist_arrays()
    fw.manual_seed(0)
    model, optimizer, loss_fn = build(fw, network)
    model.train()
    order = np.random.default_rng(0).permutation(len(images))[: batches * BATCH_SIZE]
    linux = _reset_peak()
    before = _resident_mb()
    start, cpu_start = time.perf_counter(), time.process_time()
    for first in range(0, len(order), BATCH_SIZE):
        idx = order[first : first + BATCH_SIZE]
        x, y = fw.from_numpy(images[idx]), fw.from_numpy(labels[idx])
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return {"seconds": seconds, "cpu": cpu, "peak_mb": _peak_mb(linux) - before, "loss": float(loss.item()),
            "blas": blas_report()}


def in_child(framework, network, batches):
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(run, framework, network, batches).result()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--net", choices=("small", "example", "both"), default="both")
    parser.add_argument("--quick", action="store_true", help="time 100 batches and scale to an epoch")
    parser.add_argument("--batches", type=int, default=None, help="batches to time (default: a whole epoch)")
    args = parser.parse_args()
    per_epoch = math.ceil(60000 / BATCH_SIZE)
    batches = args.batches or (100 if args.quick else per_epoch)
    have_torch = import_torch() is not None
    scale = per_epoch / batches
    note = "" if batches == per_epoch else f" (timed {batches} batches, scaled to an epoch of {per_epoch})"
    print(f"MNIST CNNs, batch {BATCH_SIZE}, one thread each{note}")
    for network in ("small", "example") if args.net == "both" else (args.net,):
        results = {"mtorch": in_child("mtorch", network, batches)}
        if have_torch:
            results["PyTorch"] = in_child("torch", network, batches)
        for name, r in results.items():
            print(f"  {network} {name}: {r['seconds'] * scale:.2f} s/epoch, CPU {r['cpu'] * scale:.2f} s/epoch, "
                  f"peak memory +{r['peak_mb']:.0f} MB, last loss {r['loss']:.3f}", flush=True)
        print(f"  mtorch's {results['mtorch']['blas']}")
        torch_r = results.get("PyTorch")
        if torch_r:
            m = results["mtorch"]
            print(f"  ratio mtorch/PyTorch: time {m['seconds'] / torch_r['seconds']:.2f}, CPU time "
                  f"{m['cpu'] / torch_r['cpu']:.2f}, peak memory {m['peak_mb'] / max(torch_r['peak_mb'], 1):.2f}")

if __name__ == "__main__":
    main()
