"""Seconds per epoch of the MNIST MLP (784-128-64-10, ReLU, CrossEntropyLoss, Adam 1e-3, batch 64) in
mtorch and in PyTorch, in the same process on the same data, one thread each.

    python benchmarks/bench_mlp.py [--epochs 3]

mtorch batches with its DataLoader; PyTorch indexes a shuffled permutation of its tensors directly (its
fastest loading path: its DataLoader would fetch and collate item by item).
"""

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import import_torch, median_seconds, one_thread, print_comparison

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    one_thread()
    torch = import_torch()
    images, labels = mnist_arrays()
    mtorch.manual_seed(0)
    print(f"MNIST MLP 784-128-64-10, Adam, batch {args.batch_size}, {args.epochs} epochs, one thread each")
    mtorch_s = median_seconds(mtorch_epoch_runner(images, labels, args.batch_size), args.epochs, "mtorch")
    torch_s = None
    if torch is not None:
        torch.manual_seed(0)
        torch_s = median_seconds(torch_epoch_runner(torch, images, labels, args.batch_size), args.epochs, "PyTorch")
    print_comparison("MNIST MLP, seconds per epoch", mtorch_s, torch_s)


if __name__ == "__main__":
    main()
