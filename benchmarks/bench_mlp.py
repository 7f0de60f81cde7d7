"""Seconds per epoch of the MNIST MLP (784-128-64-10, ReLU, CrossEntropyLoss, Adam 1e-3, batch 64) in
mtorch and in PyTorch, in the same process on the same data, one thread each, their epochs alternating.

    python benchmarks/bench_mlp.py [--epochs 3]

mtorch batches with its DataLoader; PyTorch indexes a shuffled permutation of its tensors directly (its
fastest loading path: its DataLoader would fetch and collate item by item). The same training written by
hand in numpy runs beside them: the limit for a framework built on numpy.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import blas_report, import_torch, median_seconds, one_thread, print_comparison

import mtorch
from mtorch import nn, optim
from mtorch.datasets import MNIST
from mtorch.utils.data import DataLoader, TensorDataset


def mnist_arrays():
    """Training images as float32 (60000, 784) normalised like the examples, labels int64."""
    train = MNIST(train=True)
    images = train.data.numpy().reshape(len(train), -1).astype(np.float32) / 255
    return (images - 0.1307) / 0.3081, train.targets.numpy()


def mtorch_epoch_runner(images, labels, batch_size):
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
    optimizer = optim.Adam(model.parameters(), lr=1e-3)
    criterion = nn.CrossEntropyLoss()
    loader = DataLoader(TensorDataset(mtorch.from_numpy(images), mtorch.from_numpy(labels)),
                        batch_size=batch_size, shuffle=True)

    def run_epoch():
        for x, y in loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()

    return run_epoch


def torch_epoch_runner(torch, images, labels, batch_size):
    tnn = torch.nn
    model = tnn.Sequential(tnn.Linear(784, 128), tnn.ReLU(), tnn.Linear(128, 64), tnn.ReLU(), tnn.Linear(64, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    criterion = tnn.CrossEntropyLoss()
    x_all, y_all = torch.from_numpy(images), torch.from_numpy(labels)

    def run_epoch():
        order = torch.randperm(len(x_all))
        for start in range(0, len(x_all), batch_size):
            idx = order[start:start + batch_size]
            optimizer.zero_grad()
            loss = criterion(model(x_all[idx]), y_all[idx])
            loss.backward()
            optimizer.step()

    return run_epoch


def numpy_epoch_runner(images, labels, batch_size):
    """The same training written directly in numpy (no framework): what the kernels alone cost."""
    rng = np.random.default_rng(0)
    params = []
    for n_in, n_out in ((784, 128), (128, 64), (64, 10)):
        bound = 1 / np.sqrt(n_in)
        params += [rng.uniform(-bound, bound, (n_out, n_in)).astype(np.float32),
                   rng.uniform(-bound, bound, n_out).astype(np.float32)]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    step = [0]

    def run_epoch():
        order = rng.permutation(len(images))
        for start in range(0, len(images), batch_size):
            idx = order[start:start + batch_size]
            x, y = images[idx], labels[idx]
            w1, b1, w2, b2, w3, b3 = params
            a1 = np.maximum(x @ w1.T + b1, 0)
            a2 = np.maximum(a1 @ w2.T + b2, 0)
            z = a2 @ w3.T + b3
            e = np.exp(z - z.max(1, keepdims=True))
            g = e / e.sum(1, keepdims=True)  # d(mean cross entropy)/dz = (softmax - one_hot) / N
            g[np.arange(len(y)), y] -= 1
            g /= len(y)
            grads = [None] * 6
            grads[4], grads[5], g = g.T @ a2, g.sum(0), (g @ w3) * (a2 > 0)
            grads[2], grads[3], g = g.T @ a1, g.sum(0), (g @ w2) * (a1 > 0)
            grads[0], grads[1] = g.T @ x, g.sum(0)
            step[0] += 1
            for p, grad, (m, v) in zip(params, grads, moments):  # Adam, lr 1e-3
                m += 0.1 * (grad - m)
                v += 0.001 * (grad * grad - v)
                p -= 1e-3 / (1 - 0.9 ** step[0]) * m / (np.sqrt(v / (1 - 0.999 ** step[0])) + 1e-8)

    return run_epoch


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    one_thread()
    torch = import_torch()
    images, labels = mnist_arrays()
    mtorch.manual_seed(0)
    runs = {"mtorch": mtorch_epoch_runner(images, labels, args.batch_size)}
    if torch is not None:
        torch.manual_seed(0)
        runs["PyTorch"] = torch_epoch_runner(torch, images, labels, args.batch_size)
    runs["numpy"] = numpy_epoch_runner(images, labels, args.batch_size)
    print(blas_report())
    print(f"MNIST MLP 784-128-64-10, Adam, batch {args.batch_size}, {args.epochs} epochs, one thread each")
    medians = median_seconds(runs, args.epochs)
    theirs = medians.get("PyTorch", (None, None))
    print_comparison("MNIST MLP, seconds per epoch", medians["mtorch"][0], theirs[0])
    print_comparison("MNIST MLP, CPU seconds per epoch", medians["mtorch"][1], theirs[1])
    for kind, i in (("", 0), ("CPU ", 1)):
        overhead = (medians["mtorch"][i] - medians["numpy"][i]) / medians["mtorch"][i]
        print(f"  hand-written numpy: {medians['numpy'][i]:.3f} {kind}s/epoch (median), ratio mtorch/numpy "
              f"{medians['mtorch'][i] / medians['numpy'][i]:.2f}: mtorch spends {overhead:.0%} of its epoch "
              "outside the numpy kernels")
    print(blas_report())

if __name__ == "__main__":
    main()
