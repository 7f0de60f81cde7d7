"""Seconds per MNIST epoch and peak memory of two CNNs in mtorch and in PyTorch, one thread each.

    python benchmarks/bench_cnn.py [--quick] [--batches N] [--rounds R] [--net small|example|both]

- small: Conv2d(1, 8, 3, padding=1), ReLU, MaxPool2d(2), Conv2d(8, 16, 3, padding=1), ReLU, MaxPool2d(2),
  Flatten, Linear(784, 10); cross-entropy, Adam(lr=1e-3), batch 64. Its training is also written by hand in
  numpy and timed beside them (its peak memory is not measured).
- example: the network of PyTorch's official MNIST example (pytorch/examples mnist/main.py): Conv2d 1->32->64,
  ReLU, max_pool2d, Dropout, Linear 9216->128->10, log_softmax, nll_loss; Adadelta(lr=1.0), batch 64.

The same model and training code runs on both frameworks (mtorch has PyTorch's API), fed the same way:
a shuffled permutation indexes the normalised training images and `from_numpy` wraps each batch.

Each (framework, network) run happens in a fresh child process, so its memory is its own. Peak memory is
the peak resident set size during the epoch minus the resident size just before its first batch (after
importing, loading MNIST and building the model): what training itself added at its highest. On Linux
the peak is reset right before the epoch (/proc/self/clear_refs) and read from VmHWM; elsewhere it is
ru_maxrss. Time is wall-clock; CPU time is printed as well, as it is steadier on a busy machine.
--quick times 100 batches and scales to the 938 of an epoch. --rounds R runs every child R times, the
frameworks alternating, and gives each ratio's median and range over the rounds: on a virtual machine two
processes running the same code can differ by 30% (where their memory landed), so one round compares
two draws of that.

Also timed: the matrix products of each network's training step alone, in numpy (convolutions as single
2-D products over the batch): no numpy framework can be faster than that, and its ratio to PyTorch's
whole epoch says how much is left for everything else (patches, activations, pooling, the optimizer).
"""

import argparse
import math
import multiprocessing
import resource
import statistics
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


def numpy_small_cnn():
    """The small CNN's training step written by hand in numpy (no framework): the limit for a framework
    built on numpy. im2col convolutions, 2x2 max-pool by reshaping, cross-entropy, Adam(lr=1e-3)."""
    rng = np.random.default_rng(0)

    def uniform(fan_in, *shape):
        bound = 1 / np.sqrt(fan_in)
        return rng.uniform(-bound, bound, shape).astype(np.float32)

    params = [uniform(9, 8, 1, 3, 3), uniform(9, 8), uniform(72, 16, 8, 3, 3), uniform(72, 16),
              uniform(784, 10, 784), uniform(784, 10)]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    step = [0]

    def cols(x):  # (N, C, H, W) -> patches (N, C*9, H*W) of the zero-padded input
        n, c, h, w = x.shape
        xp = np.zeros((n, c, h + 2, w + 2), x.dtype)
        xp[:, :, 1:-1, 1:-1] = x
        s = xp.strides
        windows = np.lib.stride_tricks.as_strided(xp, (n, c, 3, 3, h, w), (s[0], s[1], s[2], s[3], s[2], s[3]))
        return windows.reshape(n, c * 9, h * w)

    def conv(x, w, b):
        c = cols(x)
        return c, (w.reshape(len(w), -1) @ c + b[:, None]).reshape(len(x), len(w), *x.shape[2:])

    def conv_input_grad(g, w, shape):  # sum over kernel offsets of W[:, :, i, j]^T g, shifted back
        n, c, h, wd = shape
        gp = np.zeros((n, c, h + 2, wd + 2), g.dtype)
        g2 = g.reshape(n, len(w), -1)
        for i in range(3):
            for j in range(3):
                gp[:, :, i:i + h, j:j + wd] += (w[:, :, i, j].T @ g2).reshape(n, c, h, wd)
        return gp[:, :, 1:-1, 1:-1]

    def pool(a):  # 2x2 max-pool and the mask of its maxima (a tie sends the gradient to each)
        n, c, h, w = a.shape
        win = a.reshape(n, c, h // 2, 2, w // 2, 2)
        out = np.maximum(np.maximum(win[:, :, :, 0, :, 0], win[:, :, :, 0, :, 1]),
                         np.maximum(win[:, :, :, 1, :, 0], win[:, :, :, 1, :, 1]))
        return out, win == out[:, :, :, None, :, None]

    def train_step(x, y):
        w1, b1, w2, b2, w3, b3 = params
        c1, z1 = conv(x, w1, b1)
        p1, m1 = pool(np.maximum(z1, 0))
        c2, z2 = conv(p1, w2, b2)
        p2, m2 = pool(np.maximum(z2, 0))
        flat = p2.reshape(len(x), -1)
        z = flat @ w3.T + b3
        e = np.exp(z - z.max(1, keepdims=True))
        g = e / e.sum(1, keepdims=True)
        g[np.arange(len(y)), y] -= 1
        g /= len(y)
        grads = [None] * 6
        grads[4], grads[5] = g.T @ flat, g.sum(0)
        g = (g @ w3).reshape(p2.shape)
        g = (m2 * g[:, :, :, None, :, None]).reshape(z2.shape) * (z2 > 0)
        grads[2] = (g.reshape(len(x), 16, -1) @ c2.transpose(0, 2, 1)).sum(0).reshape(w2.shape)
        grads[3] = g.sum(axis=(0, 2, 3))
        g = conv_input_grad(g, w2, p1.shape)
        g = (m1 * g[:, :, :, None, :, None]).reshape(z1.shape) * (z1 > 0)
        grads[0] = (g.reshape(len(x), 8, -1) @ c1.transpose(0, 2, 1)).sum(0).reshape(w1.shape)
        grads[1] = g.sum(axis=(0, 2, 3))
        step[0] += 1
        for p, grad, (m, v) in zip(params, grads, moments):
            m += 0.1 * (grad - m)
            v += 0.001 * (grad * grad - v)
            p -= 1e-3 / (1 - 0.9 ** step[0]) * m / (np.sqrt(v / (1 - 0.999 ** step[0])) + 1e-8)
        return -np.log(e[np.arange(len(y)), y] / e.sum(1)).mean()

    return train_step


# each network's matrix products per training step: (rows, inner, columns) of forward, dL/dW and (after the
# first layer) dL/dx, convolutions as single 2-D products over the whole batch (im2col's patch matrix)
def _conv_products(c_in, c_out, pixels, first):
    k, n = c_in * 9, BATCH_SIZE * pixels
    return [(c_out, k, n), (c_out, n, k)] + ([] if first else [(k, c_out, n)])


def _linear_products(n_in, n_out):
    return [(BATCH_SIZE, n_in, n_out), (n_out, BATCH_SIZE, n_in), (BATCH_SIZE, n_out, n_in)]


PRODUCTS = {"small": _conv_products(1, 8, 28 * 28, True) + _conv_products(8, 16, 14 * 14, False)
            + _linear_products(784, 10),
            "example": _conv_products(1, 32, 26 * 26, True) + _conv_products(32, 64, 24 * 24, False)
            + _linear_products(9216, 128) + _linear_products(128, 10)}


def run_products(network, batches):
    """In a child process: only the matrix products of `network`'s training steps, in numpy (the floor for any
    numpy framework: PyTorch's whole step beside it shows what is left for the rest), timed like run()."""
    one_thread()
    rng = np.random.default_rng(0)
    pairs = [(rng.standard_normal((m, k), dtype=np.float32), rng.standard_normal((k, n), dtype=np.float32))
             for m, k, n in PRODUCTS[network]]
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(batches):
        for a, b in pairs:
            a @ b
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu_start, "peak_mb": 0.0,
            "loss": float("nan"), "blas": blas_report()}


def run_numpy(batches):
    """In a child process: the hand-written numpy training of the small CNN, timed like run()."""
    one_thread()
    images, labels = mnist_arrays()
    train_step = numpy_small_cnn()
    order = np.random.default_rng(0).permutation(len(images))[: batches * BATCH_SIZE]
    start, cpu_start = time.perf_counter(), time.process_time()
    for first in range(0, len(order), BATCH_SIZE):
        idx = order[first : first + BATCH_SIZE]
        loss = train_step(images[idx], labels[idx])
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu_start, "peak_mb": 0.0,
            "loss": float(loss), "blas": blas_report()}


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
        if framework == "numpy":
            return pool.submit(run_numpy, batches).result()
        if framework == "products":
            return pool.submit(run_products, network, batches).result()
        return pool.submit(run, framework, network, batches).result()


def _ratio_line(label, ratios):
    """'label 0.93' for one round, 'label 0.93 (0.88-1.01 over 5 rounds)' for several: the median and range."""
    text = f"{label} {statistics.median(ratios):.2f}"
    return text if len(ratios) == 1 else f"{text} ({min(ratios):.2f}-{max(ratios):.2f} over {len(ratios)} rounds)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--net", choices=("small", "example", "both"), default="both")
    parser.add_argument("--quick", action="store_true", help="time 100 batches and scale to an epoch")
    parser.add_argument("--batches", type=int, default=None, help="batches to time (default: a whole epoch)")
    parser.add_argument("--rounds", type=int, default=1, help="runs of every child, alternating (default 1)")
    args = parser.parse_args()
    per_epoch = math.ceil(60000 / BATCH_SIZE)
    batches = args.batches or (100 if args.quick else per_epoch)
    have_torch = import_torch() is not None
    scale = per_epoch / batches
    note = "" if batches == per_epoch else f" (timed {batches} batches, scaled to an epoch of {per_epoch})"
    print(f"MNIST CNNs, batch {BATCH_SIZE}, one thread each{note}")
    for network in ("small", "example") if args.net == "both" else (args.net,):
        ratios = {"mtorch/PyTorch": [], "mtorch/hand-written numpy": [], "numpy matrix products only/PyTorch": []}
        for round_ in range(1, args.rounds + 1):
            results = {"mtorch": in_child("mtorch", network, batches)}
            if have_torch:
                results["PyTorch"] = in_child("torch", network, batches)
            if network == "small":  # the limit for a framework built on numpy
                results["hand-written numpy"] = in_child("numpy", network, batches)
            results["numpy matrix products only"] = in_child("products", network, batches)
            heading = f" round {round_}" if args.rounds > 1 else ""
            for name, r in results.items():
                trained = f", peak memory +{r['peak_mb']:.0f} MB, last loss {r['loss']:.3f}"
                print(f"  {network}{heading} {name}: {r['seconds'] * scale:.2f} s/epoch, CPU {r['cpu'] * scale:.2f} "
                      f"s/epoch{'' if math.isnan(r['loss']) else trained}", flush=True)
            m, torch_r = results["mtorch"], results.get("PyTorch")
            if torch_r:
                print(f"  ratio mtorch/PyTorch: time {m['seconds'] / torch_r['seconds']:.2f}, CPU time "
                      f"{m['cpu'] / torch_r['cpu']:.2f}, peak memory {m['peak_mb'] / max(torch_r['peak_mb'], 1):.2f}")
                ratios["mtorch/PyTorch"].append(m["cpu"] / torch_r["cpu"])
                ratios["numpy matrix products only/PyTorch"].append(
                    results["numpy matrix products only"]["cpu"] / torch_r["cpu"])
            if "hand-written numpy" in results:
                ratios["mtorch/hand-written numpy"].append(m["cpu"] / results["hand-written numpy"]["cpu"])
        print(f"  mtorch's {m['blas']}")
        for label, values in ratios.items():
            if values:
                print(f"  {_ratio_line(f'{network}, ratio {label}, CPU time:', values)}")

if __name__ == "__main__":
    main()
