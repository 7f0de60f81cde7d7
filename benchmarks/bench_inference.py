"""Microseconds per call where the fixed cost of every op matters most, in mtorch and in PyTorch, one
thread each, their rounds alternating:

- canvas: the shipped canvas CNN (resources/models/default_cnn: Conv2d 1->8, ReLU, MaxPool2d, Conv2d 8->16,
  ReLU, MaxPool2d, Flatten, Linear 784->10, its trained weights) reading one 28x28 image under no_grad in
  eval mode, as the Draw tab does on every stroke;
- mlp: one training step of an MLP 784-128-10 (ReLU, CrossEntropyLoss, Adam 1e-3) on a batch of one image
  (MNIST's first 1000 training images in turn). PyTorch runs twice: its default Adam and its fused one
  (`fused=True`, a single C++ kernel, much faster on so few parameters: the stricter comparison).

    python benchmarks/bench_inference.py [--work canvas|mlp|both] [--calls 2000] [--rounds 5]
"""

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import blas_report, import_torch, median_seconds, one_thread, print_comparison

import mtorch
from mtorch.datasets import MNIST

ROOT = Path(__file__).resolve().parent.parent


def canvas_cnn(fw):
    nn = fw.nn
    return nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(784, 10))


def canvas_runner(fw, state, image, calls):
    """`calls` predictions of one image with the shipped weights, as the canvas makes them."""
    model = canvas_cnn(fw)
    model.load_state_dict({k: fw.from_numpy(v.copy()) for k, v in state.items()})
    model.eval()
    x = fw.from_numpy(image.reshape(1, 1, 28, 28))

    def run():
        with fw.no_grad():
            for _ in range(calls):
                model(x)

    return run


def mlp_runner(fw, images, labels, calls, **adam):
    """`calls` training steps of an MLP 784-128-10 with Adam, each on one image."""
    nn = fw.nn
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = fw.optim.Adam(model.parameters(), lr=1e-3, **adam)
    criterion = nn.CrossEntropyLoss()
    batches = [(fw.from_numpy(images[i:i + 1].reshape(1, 784)), fw.from_numpy(labels[i:i + 1]))
               for i in range(len(images))]

    def run():
        for k in range(calls):
            x, y = batches[k % len(batches)]
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", choices=("canvas", "mlp", "both"), default="both")
    parser.add_argument("--calls", type=int, default=2000, help="calls per timed round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    one_thread()
    torch = import_torch()
    state = {k: v.numpy() for k, v in mtorch.load(ROOT / "resources" / "models" / "default_cnn.safetensors").items()}
    train = MNIST(train=True)
    images = (train.data.numpy()[:1000].astype(np.float32) / 255 - np.float32(0.1307)) / np.float32(0.3081)
    labels = train.targets.numpy()[:1000]
    print(blas_report())
    works = {"canvas": ("canvas CNN, one 28x28 image, no_grad, eval", canvas_runner, (state, images[0])),
             "mlp": ("MLP 784-128-10, batch 1, Adam training step", mlp_runner, (images, labels))}
    for work in works if args.work == "both" else (args.work,):
        title, runner, inputs = works[work]
        print(f"{title}: {args.rounds} rounds of {args.calls} calls, one thread each")
        mtorch.manual_seed(0)
        runs = {"mtorch": runner(mtorch, *inputs, args.calls)}
        if torch is not None:
            torch.manual_seed(0)
            runs["PyTorch"] = runner(torch, *inputs, args.calls)
            if work == "mlp":
                runs["PyTorch fused Adam"] = runner(torch, *inputs, args.calls, fused=True)
        medians = median_seconds(runs, args.rounds)
        for label in runs if torch is not None else ("PyTorch",):
            if label == "mtorch":
                continue
            theirs = medians.get(label, (None, None))
            for kind, i in (("", 0), ("CPU ", 1)):
                print_comparison(f"{title}, {kind}microseconds per call, against {label}",
                                 medians["mtorch"][i] * 1e6 / args.calls,
                                 None if theirs[i] is None else theirs[i] * 1e6 / args.calls, unit="us/call")
    print(blas_report())


if __name__ == "__main__":
    main()
