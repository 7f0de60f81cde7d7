"""Train the canvas's default model with mtorch: a small CNN on MNIST, with light augmentation.

Writes resources/models/default_cnn.safetensors (the state dict, mtorch.save) and default_cnn.json (the
ModelSpec, plus "metrics": the measured test accuracy). Rerun from the repository root:

    python resources/train_default_model.py            # 3 epochs: 26 minutes on the shared 2-core machine

Augmentation: each training image gets a random small affine transform about MNIST's centre of mass
(rotation +-12 degrees, scale 0.9-1.1, shear +-0.2, shift +-1.5 px), so the model reads digits drawn with
a mouse (slanted, slightly off-centre, less regular than the scanned ones) more reliably.
"""

import argparse
import math
import time
from pathlib import Path

import numpy as np

import mtorch
import mtorch.nn.functional as F
from mtorch.datasets import MNIST
from mtorch_gui.model.files import save_spec
from mtorch_gui.model.spec import LayerSpec, ModelSpec

MODELS = Path(__file__).resolve().parent / "models"
CENTRE = 14.0  # MNIST's centre of mass (see mtorch_gui/canvas/preprocess.py)


def default_spec():
    return ModelSpec(
        name="Default CNN (canvas)",
        dataset="mnist",
        input_shape=(1, 28, 28),
        layers=[
            LayerSpec("Conv2d", {"out_channels": 8, "kernel_size": 3, "padding": 1}),
            LayerSpec("ReLU", {}),
            LayerSpec("MaxPool2d", {"kernel_size": 2}),
            LayerSpec("Conv2d", {"out_channels": 16, "kernel_size": 3, "padding": 1}),
            LayerSpec("ReLU", {}),
            LayerSpec("MaxPool2d", {"kernel_size": 2}),
            LayerSpec("Flatten", {}),
            LayerSpec("Linear", {"out_features": 10}),
        ],
        training={"loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.003, "momentum": 0.0, "weight_decay": 0.0,
                  "batch_size": 64, "epochs": 3, "scheduler": "OneCycleLR"},
    )


def augment(images, rng):
    """Random affine transforms of a batch (N, 28, 28), bilinear sampling, about the centre of mass."""
    n = len(images)
    angle = np.radians(rng.uniform(-12, 12, n))
    scale = rng.uniform(0.9, 1.1, n)
    shear = rng.uniform(-0.2, 0.2, n)
    shift = rng.uniform(-1.5, 1.5, (n, 2))
    cos, sin = np.cos(angle) / scale, np.sin(angle) / scale
    # inverse map, output pixel (r, c) -> source (r', c'): rotate and scale back, undo a horizontal shear
    ys, xs = np.mgrid[0:28, 0:28].astype(np.float32) - CENTRE
    ys = ys[None] - shift[:, 0, None, None]
    xs = xs[None] - shift[:, 1, None, None]
    src_y = cos[:, None, None] * ys - sin[:, None, None] * xs + CENTRE
    src_x = sin[:, None, None] * ys + cos[:, None, None] * xs + shear[:, None, None] * ys + CENTRE
    return bilinear(images, src_y, src_x)


def bilinear(images, src_y, src_x):
    """Sample images (N, H, W) at fractional positions (N, H, W), zero outside."""
    n, h, w = images.shape
    padded = np.zeros((n, h + 2, w + 2), np.float32)
    padded[:, 1:-1, 1:-1] = images
    y = np.clip(src_y + 1, 0, h)   # +1 for the padding; clipped positions fall on the zero border
    x = np.clip(src_x + 1, 0, w)
    y0, x0 = np.floor(y).astype(int), np.floor(x).astype(int)
    y1, x1 = np.minimum(y0 + 1, h + 1), np.minimum(x0 + 1, w + 1)
    fy, fx = (y - y0).astype(np.float32), (x - x0).astype(np.float32)
    b = np.arange(n)[:, None, None]
    top = padded[b, y0, x0] * (1 - fx) + padded[b, y0, x1] * fx
    bottom = padded[b, y1, x0] * (1 - fx) + padded[b, y1, x1] * fx
    return top * (1 - fy) + bottom * fy


def mnist_arrays(train):
    ds = MNIST(train=train)
    return ds.data.numpy().astype(np.float32) / 255, ds.targets.numpy().astype(np.int64)


def accuracy(model, images, labels, batch_size=1000):
    model.eval()
    correct = 0
    with mtorch.no_grad():
        for i in range(0, len(images), batch_size):
            logits = model(mtorch.from_numpy(images[i:i + batch_size, None]))
            correct += int((logits.numpy().argmax(1) == labels[i:i + batch_size]).sum())
    return correct / len(images)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, help="default: the spec's training epochs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=MODELS / "default_cnn")
    args = parser.parse_args()

    mtorch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    x_train, y_train = mnist_arrays(train=True)
    x_test, y_test = mnist_arrays(train=False)
    spec = default_spec()
    settings = spec.training
    epochs = args.epochs or settings["epochs"]
    batch = settings["batch_size"]
    model = spec.build()
    optimizer = mtorch.optim.Adam(model.parameters(), lr=settings["lr"])
    scheduler = mtorch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=settings["lr"],
                                                     total_steps=epochs * math.ceil(len(x_train) / batch))
    start = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        order = rng.permutation(len(x_train))
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            inputs = mtorch.from_numpy(augment(x_train[idx], rng)[:, None])
            loss = F.cross_entropy(model(inputs), mtorch.from_numpy(y_train[idx]))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
        print(f"epoch {epoch + 1}: last loss {loss.item():.4f}, test accuracy {accuracy(model, x_test, y_test):.4f}"
              f" ({time.perf_counter() - start:.0f} s)", flush=True)

    test_accuracy = accuracy(model, x_test, y_test)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    mtorch.save(model.state_dict(), args.out.with_suffix(".safetensors"))
    spec.metrics = {"test_accuracy": round(test_accuracy, 4), "epochs": epochs,
                    "train_seconds": round(time.perf_counter() - start), "seed": args.seed}
    save_spec(spec, args.out.with_suffix(".json"))
    print(f"test accuracy {test_accuracy:.4f}; wrote {args.out}.safetensors and .json")


if __name__ == "__main__":
    main()
