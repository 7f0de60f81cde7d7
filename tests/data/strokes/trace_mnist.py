"""Generate a second robustness set, traced from MNIST: tests/data/strokes/mnist_traced.json.

Source: the first test images of each class of MNIST's test set (never seen in training), thinned to a
one-pixel skeleton (Zhang-Suen), the skeleton walked into strokes (8-connected pixel paths, each edge
once), then scaled and placed on a 280x280 canvas at a random size (digit height 100-220 px) and position,
as a mouse would draw them. The pen thickness of the original is gone, so the canvas's preprocessing
must bring it back. Rerun: python tests/data/strokes/trace_mnist.py
"""

import json
from pathlib import Path

import numpy as np

from mtorch.datasets import MNIST

CANVAS = 280
PER_DIGIT = 10
NEIGHBOURS = [(-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1)]   # p2..p9, clockwise


def thin(ink):
    """Zhang-Suen thinning of a boolean image to a one-pixel-wide skeleton."""
    img = np.pad(ink, 1).astype(np.uint8)
    changed = True
    while changed:
        changed = False
        for step in (0, 1):
            p = [np.roll(img, (-dy, -dx), axis=(0, 1)) for dy, dx in NEIGHBOURS]    # p[k][y, x] = pixel (y+dy, x+dx)
            count = sum(p)
            transitions = sum((p[k] == 0) & (p[(k + 1) % 8] == 1) for k in range(8))
            p2, p4, p6, p8 = p[0], p[2], p[4], p[6]
            if step == 0:
                side = (p2 * p4 * p6 == 0) & (p4 * p6 * p8 == 0)
            else:
                side = (p2 * p4 * p8 == 0) & (p2 * p6 * p8 == 0)
            remove = (img == 1) & (count >= 2) & (count <= 6) & (transitions == 1) & side
            if remove.any():
                img[remove] = 0
                changed = True
    return img[1:-1, 1:-1].astype(bool)


def trace(skeleton):
    """Walk a skeleton into strokes: lists of (row, col), starting at line ends, each edge used once."""
    pixels = set(zip(*np.nonzero(skeleton)))

    def around(p):
        return [(p[0] + dy, p[1] + dx) for dy, dx in NEIGHBOURS if (p[0] + dy, p[1] + dx) in pixels]

    used = set()
    strokes = []
    for start in sorted(pixels, key=lambda p: (len(around(p)) != 1, p)):      # line ends first
        if not around(start):
            strokes.append([start])
        while any(frozenset((start, q)) not in used for q in around(start)):
            path = [start]
            while True:
                free = [q for q in around(path[-1]) if frozenset((path[-1], q)) not in used]
                if not free:
                    break
                # keep going straight where the skeleton branches
                if len(path) > 1:
                    d = np.subtract(path[-1], path[-2])
                    free.sort(key=lambda q: -float(np.dot(np.subtract(q, path[-1]), d)))
                used.add(frozenset((path[-1], free[0])))
                path.append(free[0])
            strokes.append(path)
    return strokes


def main():
    rng = np.random.default_rng(2026)
    test = MNIST(train=False)
    images, labels = test.data.numpy(), test.targets.numpy()
    digits = []
    for label in range(10):
        for index in np.flatnonzero(labels == label)[:PER_DIGIT]:
            strokes = trace(thin(images[index] > 127))
            points = np.concatenate(strokes).astype(float)
            scale = rng.uniform(100, 220) / np.ptp(points[:, 0]).clip(1)
            lo, hi = points.min(0) * scale, points.max(0) * scale
            offset = [rng.uniform(10 - lo[i], CANVAS - 10 - hi[i]) for i in range(2)]
            digits.append({"label": label, "mnist_test_index": int(index), "strokes": [
                [[round(c * scale + offset[1]), round(r * scale + offset[0])] for r, c in s] for s in strokes]})
    path = Path(__file__).with_name("mnist_traced.json")
    path.write_text(json.dumps({"canvas_size": CANVAS, "digits": digits}, separators=(",", ":")))
    print(f"wrote {len(digits)} digits to {path}")


if __name__ == "__main__":
    main()
