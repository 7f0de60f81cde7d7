"""torchvision's transforms: Compose, ToTensor, Normalize (PyTorch's MNIST example), Lambda, and the
augmentations RandomRotation and RandomAffine (numpy, see `functional`).

Each transform works on one sample (`transform(x)`) and, through `transform.batched(xs)`, on a whole
batch stacked along a first dimension at once; datasets call `apply_transform`, which uses `batched`
when a transform has it and otherwise applies the transform sample by sample and stacks the results.
Random transforms draw from mtorch's default generator (reseeded by `mtorch.manual_seed`), one draw per
image, in a batch too.
"""

import numbers
from collections.abc import Sequence

import numpy as np

from ...creation import from_numpy
from ...random import default_generator
from ...tensor import Tensor
from ...utils.data import default_collate
from . import functional as F
from .functional import InterpolationMode


def apply_transform(transform, batch):
    """`transform` applied to every sample of `batch`, stacked as a batch."""
    if hasattr(transform, "batched"):
        return transform.batched(batch)
    return default_collate([transform(x) for x in batch])


class Compose:
    """Apply `transforms` one after another."""

    def __init__(self, transforms):
        self.transforms = list(transforms)

    def __call__(self, x):
        for t in self.transforms:
            x = t(x)
        return x

    def batched(self, batch):
        for t in self.transforms:
            batch = apply_transform(t, batch)
        return batch

    def __repr__(self):
        lines = "".join(f"\n    {t}" for t in self.transforms)
        return f"{type(self).__name__}({lines}\n)"


class ToTensor:
    """A numpy image (H, W) or (H, W, C) -> a float32 Tensor (C, H, W); uint8 is scaled to [0, 1]."""

    def __call__(self, pic):
        return from_numpy(self._to_chw(np.asarray(pic)[None])[0])

    def batched(self, pics):
        return from_numpy(self._to_chw(np.asarray(pics)))

    @staticmethod
    def _to_chw(pics):
        """(N, H, W) or (N, H, W, C) numpy images -> (N, C, H, W), uint8 scaled to float32 in [0, 1]."""
        if pics.ndim not in (3, 4):
            raise ValueError(f"ToTensor: expected an image (H, W) or (H, W, C), got shape {pics.shape[1:]}")
        chw = pics[:, None] if pics.ndim == 3 else pics.transpose(0, 3, 1, 2)
        if chw.dtype != np.uint8:
            return np.ascontiguousarray(chw)
        images = chw.astype(np.float32)
        images /= np.float32(255)  # in place: a second large temporary costs more than the division
        return images

    def __repr__(self):
        return f"{type(self).__name__}()"


class Normalize:
    """(x - mean) / std per channel of a (C, H, W) image Tensor."""

    def __init__(self, mean, std):
        self.mean, self.std = tuple(mean), tuple(std)
        self._mean = np.asarray(mean, dtype=np.float32).reshape(-1, 1, 1)
        self._std = np.asarray(std, dtype=np.float32).reshape(-1, 1, 1)

    def __call__(self, tensor):
        normalized = tensor.numpy() - self._mean
        normalized /= self._std
        return from_numpy(normalized)

    batched = __call__  # the (C, 1, 1) mean and std broadcast over a leading batch dimension too

    def __repr__(self):
        return f"{type(self).__name__}(mean={self.mean}, std={self.std})"


class Lambda:
    """Apply `lambd` (any callable) to each sample."""

    def __init__(self, lambd):
        if not callable(lambd):
            raise TypeError(f"Argument lambd should be callable, got {type(lambd).__name__!r}")
        self.lambd = lambd

    def __call__(self, img):
        return self.lambd(img)

    def __repr__(self):
        return f"{type(self).__name__}()"


class RandomRotation:
    """Rotate each image by an angle drawn uniformly from `degrees` ((-d, d) for a number d), counter-clockwise
    about `center`; `expand` enlarges the output to hold the whole rotated image; `fill` outside."""

    def __init__(self, degrees, interpolation=InterpolationMode.NEAREST, expand=False, center=None, fill=0):
        self.degrees = _angle_range(degrees, "degrees", (2,))
        if center is not None:
            _check_sequence(center, "center", (2,))
        self.interpolation, self.expand, self.center, self.fill = interpolation, expand, center, _fill(fill)

    @staticmethod
    def get_params(degrees):
        """An angle drawn uniformly from the range `degrees`."""
        return float(default_generator().uniform(degrees[0], degrees[1]))

    def __call__(self, img):
        return F.rotate(img, self.get_params(self.degrees), self.interpolation, self.expand, self.center, self.fill)

    def batched(self, batch):
        height, width = _batch_size(batch)
        angles = default_generator().uniform(self.degrees[0], self.degrees[1], len(batch))
        matrices = F.inverse_affine_matrix(F.centre(self.center, width, height), -angles, (0.0, 0.0), 1.0,
                                           (0.0, 0.0))
        out_size = (height, width)
        if self.expand:
            heights, widths = F.expanded_size(matrices, width, height)
            if len(set(heights)) > 1 or len(set(widths)) > 1:
                raise ValueError("RandomRotation(expand=True) made images of different sizes for the samples of "
                                 "one batch; they cannot be stacked (use batch_size=1 or expand=False)")
            out_size = (int(heights[0]), int(widths[0]))
        return F.warp_batch(batch, matrices, out_size, self.interpolation, self.fill)

    def __repr__(self):
        mode = InterpolationMode(self.interpolation).value
        return f"{type(self).__name__}(degrees={self.degrees}, interpolation={mode}, expand={self.expand}, " \
               f"fill={self.fill})"


class RandomAffine:
    """A random affine transformation of each image about its centre (or `center`), keeping its size:
    a clockwise rotation by an angle from `degrees`, a shift of up to `translate` = (a, b) times the width and
    height (in whole pixels), a scale factor from `scale` = (lo, hi), a shear in degrees from `shear` (a
    number s: x-shear in (-s, s); (lo, hi): x-shear; (xlo, xhi, ylo, yhi): both); `fill` outside."""

    def __init__(self, degrees, translate=None, scale=None, shear=None, interpolation=InterpolationMode.NEAREST,
                 fill=0, center=None):
        self.degrees = _angle_range(degrees, "degrees", (2,))
        if translate is not None:
            _check_sequence(translate, "translate", (2,))
            if not all(0.0 <= t <= 1.0 for t in translate):
                raise ValueError("translation values should be between 0 and 1")
        if scale is not None:
            _check_sequence(scale, "scale", (2,))
            if any(s <= 0 for s in scale):
                raise ValueError("scale values should be positive")
        if center is not None:
            _check_sequence(center, "center", (2,))
        self.translate, self.scale, self.center = translate, scale, center
        self.shear = None if shear is None else _angle_range(shear, "shear", (2, 4))
        self.interpolation, self.fill = interpolation, _fill(fill)

    @staticmethod
    def get_params(degrees, translate, scale_ranges, shears, img_size, n=None):
        """(angle, (dx, dy), scale, (shear_x, shear_y)) drawn for an image of `img_size` = [width, height];
        with `n`, each an array of `n` draws (dx, dy, shear_x, shear_y as pairs of arrays)."""
        rng, shape = default_generator(), () if n is None else (n,)
        angle = rng.uniform(degrees[0], degrees[1], shape)
        translations = (np.zeros(shape), np.zeros(shape))
        if translate is not None:
            max_dx, max_dy = translate[0] * img_size[0], translate[1] * img_size[1]
            translations = (np.rint(rng.uniform(-max_dx, max_dx, shape)), np.rint(rng.uniform(-max_dy, max_dy, shape)))
        scale = np.ones(shape) if scale_ranges is None else rng.uniform(scale_ranges[0], scale_ranges[1], shape)
        shear = (np.zeros(shape), np.zeros(shape))
        if shears is not None:
            shear = (rng.uniform(shears[0], shears[1], shape),
                     rng.uniform(shears[2], shears[3], shape) if len(shears) == 4 else shear[1])
        if n is not None:
            return angle, translations, scale, shear
        return float(angle), tuple(int(t) for t in translations), float(scale), tuple(float(s) for s in shear)

    def __call__(self, img):
        height, width = F.image_size(img)
        params = self.get_params(self.degrees, self.translate, self.scale, self.shear, [width, height])
        return F.affine(img, *params, self.interpolation, self.fill, self.center)

    def batched(self, batch):
        height, width = _batch_size(batch)
        angle, translations, scale, shear = self.get_params(self.degrees, self.translate, self.scale, self.shear,
                                                            [width, height], n=len(batch))
        matrices = F.inverse_affine_matrix(F.centre(self.center, width, height), angle, translations, scale, shear)
        return F.warp_batch(batch, matrices, (height, width), self.interpolation, self.fill)

    def __repr__(self):
        parts = [f"degrees={self.degrees}"] + [f"{name}={value}" for name, value in (
            ("translate", self.translate), ("scale", self.scale), ("shear", self.shear)) if value is not None]
        parts += [f"interpolation={InterpolationMode(self.interpolation).value}", f"fill={self.fill}"]
        return f"{type(self).__name__}({', '.join(parts)})"


def _check_sequence(x, name, sizes):
    lengths = " or ".join(map(str, sizes))
    if not isinstance(x, Sequence):
        raise TypeError(f"{name} should be a sequence of length {lengths}.")
    if len(x) not in sizes:
        raise ValueError(f"{name} should be a sequence of length {lengths}.")


def _angle_range(x, name, sizes):
    """A number d -> [-d, d]; a sequence of one of `sizes` -> its floats (torchvision's checks)."""
    if isinstance(x, numbers.Number):
        if x < 0:
            raise ValueError(f"If {name} is a single number, it must be positive.")
        return [-float(x), float(x)]
    _check_sequence(x, name, sizes)
    return [float(d) for d in x]


def _fill(fill):
    if fill is None:
        return 0
    if not isinstance(fill, Sequence | numbers.Number):
        raise TypeError("Fill should be either a sequence or a number.")
    return fill


def _batch_size(batch):
    """(height, width) of the images in a batch: a Tensor (N, C, H, W) or numpy (N, H, W) / (N, H, W, C)."""
    shape = batch.shape
    return tuple(shape[-2:]) if isinstance(batch, Tensor) else tuple(shape[1:3])
