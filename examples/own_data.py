"""Write MNIST out as your own data — a PNG folder, a CSV table with text labels, an .npz file — and the model
files that mtorch-train reads them with, to try (and measure) "bring your own data".

    python examples/own_data.py OUT [--per-class 500] [--test-per-class 100]

makes, in OUT:
    mnist_png/train/<digit name>/*.png, mnist_png/test/<digit name>/*.png   (a folder with its own test split)
    digits.csv       a table: 49 pixel columns (each image averaged over 4x4 blocks) and a "digit" column of
                     words (zero, one, ...), from the same training images
    digits.npz       x (N, 1, 28, 28) uint8, y (N,) and x_test, y_test
    mlp.json         the 784-128-64-10 MLP preset (its Flatten reads any input shape), 5 epochs of Adam
    lenet.json       the LeNet-5 preset, 3 epochs
    spiral_mlp.json  a 2-16-16-2 tanh MLP on the spiral, 200 epochs of Adam at lr 0.01, batches of 16

then, for example:
    mtorch-train OUT/mlp.json --dataset OUT/mnist_png --history-csv h.csv
    mtorch-train OUT/mlp.json --dataset OUT/digits.csv --label digit --history-csv h.csv
    mtorch-train OUT/mlp.json --dataset OUT/digits.npz --history-csv h.csv
    mtorch-train OUT/spiral_mlp.json --dataset spiral --history-csv h.csv
"""

import argparse
import csv
from pathlib import Path

import numpy as np
from PIL import Image

from mtorch.datasets import MNIST
from mtorch_gui.model.files import save_spec
from mtorch_gui.model.presets import preset
from mtorch_gui.model.spec import LayerSpec, ModelSpec

NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def first_per_class(dataset, per_class):
    """(images uint8 (N, 28, 28), labels (N,)): the first ``per_class`` images of each digit."""
    images, labels = dataset.data.numpy(), dataset.targets.numpy()
    keep = np.concatenate([np.flatnonzero(labels == d)[:per_class] for d in range(10)])
    keep.sort()
    return images[keep], labels[keep]


def write_pngs(folder, images, labels):
    for i, (image, label) in enumerate(zip(images, labels)):
        path = folder / NAMES[label] / f"{i:05d}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(image).save(path)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("--per-class", type=int, default=500, help="training images per digit")
    p.add_argument("--test-per-class", type=int, default=100, help="test images per digit")
    args = p.parse_args()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    x, y = first_per_class(MNIST(train=True), args.per_class)
    x_test, y_test = first_per_class(MNIST(train=False), args.test_per_class)

    write_pngs(out / "mnist_png" / "train", x, y)
    write_pngs(out / "mnist_png" / "test", x_test, y_test)
    pooled = x.reshape(-1, 7, 4, 7, 4).mean(axis=(2, 4)).reshape(len(x), 49)
    with open(out / "digits.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([f"p{i}" for i in range(49)] + ["digit"])
        writer.writerows([*(f"{v:g}" for v in row), NAMES[label]] for row, label in zip(pooled, y))
    np.savez(out / "digits.npz", x=x[:, None], y=y, x_test=x_test[:, None], y_test=y_test)

    mlp = preset("MLP 784-128-64-10")
    mlp.training.update(epochs=5)
    save_spec(mlp, out / "mlp.json")
    lenet = preset("LeNet-5")
    lenet.training.update(epochs=3)
    save_spec(lenet, out / "lenet.json")
    layers = [LayerSpec("Linear", {"out_features": 16}), LayerSpec("Tanh"), LayerSpec("Linear", {"out_features": 16}),
              LayerSpec("Tanh"), LayerSpec("Linear", {"out_features": 2})]
    spiral = ModelSpec(name="spiral MLP", dataset="spiral", input_shape=(2,), layers=layers,
                       training={"epochs": 200, "lr": 0.01, "batch_size": 16, "optimizer": "Adam"})
    save_spec(spiral, out / "spiral_mlp.json")
    print(f"wrote {len(x)} + {len(x_test)} PNGs, digits.csv ({len(x)} rows), digits.npz and the models to {out}")


if __name__ == "__main__":
    main()
