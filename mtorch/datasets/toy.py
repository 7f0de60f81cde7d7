"""TensorFlow Playground's 2-D datasets, generated with numpy from a seed: four to classify (circle, XOR,
two gaussians, spiral) and two to regress (plane, multi-gaussian).

Each is a function ``(n_samples, noise=0.0, seed=0) -> (x, y)``: ``x`` float32 (n, 2) points in [-6, 6]²
(as on the Playground), ``y`` int64 class indices 0/1 for the classifiers (the Playground's -1 is class 0)
or float32 (n, 1) values in [-1, 1] for the regressions. ``noise`` from 0 to 0.5 is the Playground's noise
setting (its 0 to 50), and the same ``(n_samples, noise, seed)`` always gives the same points, so the GUI,
``mtorch-train`` and an exported PyTorch script (which copies this maths) train on the very same data.

    from mtorch.datasets import toy
    x, y = toy.spiral(500, noise=0.1, seed=0)
    dataset = toy.Toy2D("spiral", 500, noise=0.1)     # a Dataset of (point, label) Tensors
"""

import numpy as np

from ..creation import from_numpy
from ..utils.data import Dataset

RADIUS = 5.0  # circle, spiral
EXTENT = 6.0  # the plane and multi-gaussian points are uniform in [-EXTENT, EXTENT]²


def _pair(label: np.ndarray, px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.stack([px, py], axis=1).astype(np.float32), label


def _halves(n: int) -> tuple[int, int]:
    return n // 2, n - n // 2


def circle(n_samples: int, noise: float = 0.0, seed: int = 0):
    """Class 1 inside radius 2.5, class 0 in the ring from 3.5 to 5; the label is read after the noise."""
    rng = np.random.default_rng(seed)
    inner, outer = _halves(n_samples)
    r = np.concatenate([rng.uniform(0, RADIUS * 0.5, inner), rng.uniform(RADIUS * 0.7, RADIUS, outer)])
    angle = rng.uniform(0, 2 * np.pi, n_samples)
    px, py = r * np.sin(angle), r * np.cos(angle)
    nx, ny = rng.uniform(-RADIUS, RADIUS, (2, n_samples)) * noise
    label = (np.hypot(px + nx, py + ny) < RADIUS * 0.5).astype(np.int64)
    return _pair(label, px, py)


def xor(n_samples: int, noise: float = 0.0, seed: int = 0):
    """Uniform points kept 0.3 off the axes; class 1 where x·y >= 0 (read after the noise)."""
    rng = np.random.default_rng(seed)
    px, py = rng.uniform(-5, 5, (2, n_samples))
    px, py = px + np.where(px > 0, 0.3, -0.3), py + np.where(py > 0, 0.3, -0.3)
    nx, ny = rng.uniform(-5, 5, (2, n_samples)) * noise
    label = ((px + nx) * (py + ny) >= 0).astype(np.int64)
    return _pair(label, px, py)


def gaussians(n_samples: int, noise: float = 0.0, seed: int = 0):
    """Two normal clouds: class 1 around (2, 2), class 0 around (-2, -2); the noise widens them
    (variance from 0.5 at noise 0 to 4 at noise 0.5)."""
    rng = np.random.default_rng(seed)
    variance = 0.5 + (4.0 - 0.5) * min(max(noise / 0.5, 0.0), 1.0)
    first, second = _halves(n_samples)
    centre = np.concatenate([np.full(first, 2.0), np.full(second, -2.0)])
    px, py = centre + rng.normal(0, np.sqrt(variance), (2, n_samples))
    label = np.concatenate([np.ones(first, np.int64), np.zeros(second, np.int64)])
    return _pair(label, px, py)


def spiral(n_samples: int, noise: float = 0.0, seed: int = 0):
    """Two arms winding 1.75 turns out to radius 5: class 1 from angle 0, class 0 from angle pi."""
    rng = np.random.default_rng(seed)
    first, second = _halves(n_samples)
    i = np.concatenate([np.arange(first) / first, np.arange(second) / second])
    offset = np.concatenate([np.zeros(first), np.full(second, np.pi)])
    r, t = i * RADIUS, 1.75 * i * 2 * np.pi + offset
    nx, ny = rng.uniform(-1, 1, (2, n_samples)) * noise
    label = np.concatenate([np.ones(first, np.int64), np.zeros(second, np.int64)])
    return _pair(label, r * np.sin(t) + nx, r * np.cos(t) + ny)


def plane(n_samples: int, noise: float = 0.0, seed: int = 0):
    """y = (x₁ + x₂) / 10 of the noisy point: a tilted plane from -1 to 1 over [-6, 6]² (clipped, as the
    Playground's scale is)."""
    rng = np.random.default_rng(seed)
    px, py = rng.uniform(-EXTENT, EXTENT, (2, n_samples))
    nx, ny = rng.uniform(-EXTENT, EXTENT, (2, n_samples)) * noise
    value = np.clip((px + nx + py + ny) / 10, -1, 1)
    return _pair(value[:, None].astype(np.float32), px, py)


# (centre x, centre y, sign) of the six bumps of the multi-gaussian surface
_BUMPS = ((-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1))


def multi_gaussian(n_samples: int, noise: float = 0.0, seed: int = 0):
    """Six bumps of alternating sign: y = sign · max(0, 1 - d/2) of the nearest-reaching bump (d: the noisy
    point's distance to its centre), the one with the largest magnitude."""
    rng = np.random.default_rng(seed)
    px, py = rng.uniform(-EXTENT, EXTENT, (2, n_samples))
    nx, ny = rng.uniform(-EXTENT, EXTENT, (2, n_samples)) * noise
    qx, qy = px + nx, py + ny
    bumps = np.stack([sign * np.clip(1 - np.hypot(qx - cx, qy - cy) / 2, 0, 1) for cx, cy, sign in _BUMPS])
    value = np.take_along_axis(bumps, np.abs(bumps).argmax(axis=0)[None], axis=0)[0]
    return _pair(value[:, None].astype(np.float32), px, py)


CLASSIFICATION = {"circle": circle, "xor": xor, "gaussians": gaussians, "spiral": spiral}
REGRESSION = {"plane": plane, "multi_gaussian": multi_gaussian}
GENERATORS = {**CLASSIFICATION, **REGRESSION}


def generate(name: str, n_samples: int, noise: float = 0.0, seed: int = 0):
    """``(x, y)`` of the dataset ``name`` (a key of GENERATORS); ValueError for a bad name or setting."""
    if name not in GENERATORS:
        raise ValueError(f"unknown 2-D dataset {name!r}: choose one of {', '.join(GENERATORS)}")
    if isinstance(n_samples, bool) or not isinstance(n_samples, int) or n_samples < 2:
        raise ValueError(f"{name}: n_samples must be a whole number of at least 2, got {n_samples!r}")
    if not 0 <= noise <= 0.5:
        raise ValueError(f"{name}: noise must be from 0 to 0.5, got {noise!r}")
    return GENERATORS[name](n_samples, noise, seed)


# TensorFlow Playground's feature inputs: what the network reads of a point (x1, x2)
FEATURES = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}
PLAIN_FEATURES = "x1,x2"


def feature_names(text: str) -> list:
    """``"x1,x2,x1^2"`` -> ``["x1", "x2", "x1^2"]``, in FEATURES' order; ValueError for an unknown name or none."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in FEATURES]
    if unknown or not names:
        raise ValueError(f"the features must be some of {', '.join(FEATURES)} (comma-separated), not {text!r}")
    return [n for n in FEATURES if n in names]


def features(points, names) -> np.ndarray:
    """The chosen features of points (n, 2): float32 (n, len(names)), one column per name."""
    x1, x2 = points[:, 0], points[:, 1]
    return np.stack([FEATURES[n](x1, x2) for n in names], axis=1).astype(np.float32)


class Toy2D(Dataset):
    """The 2-D dataset ``name`` as a Dataset: items are ``(point, label)``, a float32 Tensor (2,) and an int
    (classification) or a float32 Tensor (1,) (regression). ``.data`` and ``.targets`` hold all of them."""

    def __init__(self, name: str, n_samples: int = 500, noise: float = 0.0, seed: int = 0):
        x, y = generate(name, n_samples, noise, seed)
        self.name, self.data, self.targets = name, from_numpy(x), from_numpy(y)

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        label = self.targets[index]
        return self.data[index], (int(label.item()) if label.ndim == 0 else label)
