"""`rotate` and `affine` on images, as `torchvision.transforms.functional` computes them for tensors.

An image is a numpy array (H, W) or (H, W, C), as MNIST hands it to a transform, or a Tensor (..., C, H, W).
The result has the input's type, shape and dtype (integer images are rounded back). Each output pixel is
read from the input at the position the inverse of the transformation gives, by nearest neighbour or
bilinear interpolation; positions outside the image take `fill`, exactly as torchvision's tensor path
(`grid_sample`, zero padding, `align_corners=False`).
`warp_batch` transforms a whole batch, one matrix per image, in numpy at once (no loop over pixels).
"""

import numbers
from enum import Enum

import numpy as np

from ...creation import from_numpy
from ...tensor import Tensor


class InterpolationMode(Enum):
    """How a pixel between the input's pixels is read (torchvision's names; the tensor path has these two)."""

    NEAREST = "nearest"
    BILINEAR = "bilinear"


def rotate(img, angle, interpolation=InterpolationMode.NEAREST, expand=False, center=None, fill=0):
    """`img` rotated by `angle` degrees counter-clockwise about `center` (default: the image's centre);
    `expand` enlarges the output to hold the whole rotated image."""
    height, width = image_size(img)
    # torchvision's rotate is its affine with the opposite angle
    matrix = inverse_affine_matrix(centre(center, width, height), -angle, (0.0, 0.0), 1.0, (0.0, 0.0))
    out_size = tuple(map(int, expanded_size(matrix, width, height))) if expand else (height, width)
    return _apply(img, matrix, out_size, interpolation, fill)


def affine(img, angle, translate, scale, shear, interpolation=InterpolationMode.NEAREST, fill=0, center=None):
    """`img` rotated by `angle` degrees clockwise, scaled by `scale`, sheared by `shear` degrees (x, or
    (x, y)) about `center` (default: the image's centre), then moved by `translate` = (dx, dy) pixels."""
    if scale <= 0:
        raise ValueError("Argument scale should be positive")
    if len(translate) != 2:
        raise ValueError("Argument translate should be a sequence of length 2")
    shear = [float(shear), 0.0] if isinstance(shear, numbers.Number) else [float(v) for v in shear]
    if len(shear) == 1:
        shear = shear * 2
    if len(shear) != 2:
        raise ValueError(f"Shear should be a sequence containing two values. Got {shear}")
    height, width = image_size(img)
    matrix = inverse_affine_matrix(centre(center, width, height), angle, translate, scale, shear)
    return _apply(img, matrix, (height, width), interpolation, fill)


def inverse_affine_matrix(center, angle, translate, scale, shear):
    """The 2x3 matrix taking an output pixel's position to the input position it is read from, in
    coordinates whose origin is the image's centre; angles in degrees (torchvision's formula). Every
    argument may also be an array over a batch (translate and shear as pairs of arrays): (N, 2, 3) then.

    Forward: M = T C R(angle) S(scale) SHy(shear_y) SHx(shear_x) C^-1, with T the translation and C the move
    to `center`; this returns M^-1 = C (RSS)^-1 C^-1 T^-1, the rotation-shear part having determinant 1.
    """
    rot, sx, sy = np.radians(angle), np.radians(shear[0]), np.radians(shear[1])
    (cx, cy), (tx, ty) = center, translate
    a = np.cos(rot - sy) / np.cos(sy)
    b = -np.cos(rot - sy) * np.tan(sx) / np.cos(sy) - np.sin(rot)
    c = np.sin(rot - sy) / np.cos(sy)
    d = -np.sin(rot - sy) * np.tan(sx) / np.cos(sy) + np.cos(rot)
    scale = np.asarray(scale, np.float64)
    row0, row1 = np.stack(np.broadcast_arrays(d, -b), -1) / scale[..., None], \
        np.stack(np.broadcast_arrays(-c, a), -1) / scale[..., None]
    ox, oy = -np.asarray(cx) - tx, -np.asarray(cy) - ty
    shift0 = row0[..., 0] * ox + row0[..., 1] * oy + cx
    shift1 = row1[..., 0] * ox + row1[..., 1] * oy + cy
    return np.stack([np.concatenate([row0, shift0[..., None]], -1), np.concatenate([row1, shift1[..., None]], -1)],
                    -2)


def image_size(img):
    """(height, width) of one image."""
    shape = img.shape if isinstance(img, Tensor) else np.shape(img)
    if isinstance(img, Tensor) and len(shape) < 3 or not isinstance(img, Tensor) and len(shape) not in (2, 3):
        raise ValueError(f"expected an image: a numpy array (H, W) or (H, W, C) or a Tensor (..., C, H, W); got "
                         f"shape {tuple(shape)}")
    return tuple(shape[-2:]) if isinstance(img, Tensor) else tuple(shape[:2])


def centre(center, width, height):
    """`center` (x, y) in pixels from the top-left corner -> torchvision's centred coordinates (0, 0 default)."""
    return (0.0, 0.0) if center is None else (center[0] - width * 0.5, center[1] - height * 0.5)


def expanded_size(matrices, width, height):
    """(height, width) of the box that holds the whole transformed image, for matrices (..., 2, 3): a pair
    of int arrays of their shape (torchvision's rounding)."""
    corners = np.array([[-0.5 * width, -0.5 * height, 1], [-0.5 * width, 0.5 * height, 1],
                        [0.5 * width, 0.5 * height, 1], [0.5 * width, -0.5 * height, 1]], np.float32)
    points = corners @ np.swapaxes(matrices.astype(np.float32), -1, -2) + np.array([width, height], np.float32) / 2
    tol = 1e-4  # so a corner at x.00000001 does not add a pixel
    size = np.ceil(np.trunc(points.max(-2) / tol) * tol) - np.floor(np.trunc(points.min(-2) / tol) * tol)
    return size[..., 1].astype(int), size[..., 0].astype(int)


def _apply(img, matrix, out_size, interpolation, fill):
    """One image through `warp_batch`, returned as the same kind of image."""
    if isinstance(img, Tensor):
        flat = from_numpy(img.numpy().reshape(-1, *img.shape[-3:]))
        out = warp_batch(flat, np.repeat(matrix[None], len(flat), 0), out_size, interpolation, fill)
        return from_numpy(out.numpy().reshape(*img.shape[:-2], *out_size))
    return warp_batch(np.asarray(img)[None], matrix[None], out_size, interpolation, fill)[0]


def warp_batch(batch, matrices, out_size, interpolation, fill):
    """A batch of images (numpy (N, H, W) or (N, H, W, C), or a Tensor (N, C, H, W)), each warped by its own
    inverse matrix (N, 2, 3) to `out_size` (height, width); the result is the same kind of batch."""
    if isinstance(batch, Tensor):
        return from_numpy(_warp(batch.numpy(), matrices, out_size, interpolation, fill))
    array = np.asarray(batch)
    out = _warp(array[:, None] if array.ndim == 3 else array.transpose(0, 3, 1, 2), matrices, out_size,
                interpolation, fill)
    return out[:, 0] if array.ndim == 3 else out.transpose(0, 2, 3, 1)


def _warp(images, matrices, out_size, interpolation, fill):
    """images (N, C, H, W), matrices (N, 2, 3) -> (N, C, oh, ow) in the images' dtype."""
    mode = InterpolationMode(interpolation)
    n, channels, h, w = images.shape
    oh, ow = out_size
    dtype = images.dtype if images.dtype.kind == "f" else np.dtype(np.float32)
    source = images.astype(dtype, copy=False)
    # each output pixel's centre in centred coordinates, mapped to a (fractional) input pixel index
    xs = np.arange(ow, dtype=dtype) - (ow - 1) / 2
    ys = np.arange(oh, dtype=dtype)[:, None] - (oh - 1) / 2
    m = matrices.astype(dtype)[:, :, :, None, None]
    x = m[:, 0, 0] * xs + m[:, 0, 1] * ys + m[:, 0, 2] + (w - 1) / 2   # (N, oh, ow)
    y = m[:, 1, 0] * xs + m[:, 1, 1] * ys + m[:, 1, 2] + (h - 1) / 2
    fill = np.broadcast_to(np.asarray(fill, dtype), (channels,))[None, :, None, None]
    batch = np.arange(n)[:, None, None]

    def read(ix, iy):
        """The pixels at integer positions (N, oh, ow) as (N, C, oh, ow), zero outside, and where inside."""
        inside = (ix >= 0) & (ix < w) & (iy >= 0) & (iy < h)
        pixels = source[batch, :, np.clip(iy, 0, h - 1), np.clip(ix, 0, w - 1)]   # (N, oh, ow, C)
        return pixels.transpose(0, 3, 1, 2) * inside[:, None], inside[:, None]

    if mode is InterpolationMode.NEAREST:
        pixels, inside = read(np.rint(x).astype(np.intp), np.rint(y).astype(np.intp))
        out = np.where(inside, pixels, fill)
    else:
        x0, y0 = np.floor(x), np.floor(y)
        fx, fy = (x - x0)[:, None], (y - y0)[:, None]      # the weights of the right and lower neighbours
        x0, y0 = x0.astype(np.intp), y0.astype(np.intp)
        out = np.zeros((n, channels, oh, ow), dtype)
        coverage = np.zeros((n, 1, oh, ow), dtype)          # bilinear read of an all-ones image
        for dx, dy, weight in ((0, 0, (1 - fx) * (1 - fy)), (1, 0, fx * (1 - fy)), (0, 1, (1 - fx) * fy),
                               (1, 1, fx * fy)):
            pixels, inside = read(x0 + dx, y0 + dy)
            out += weight * pixels
            coverage += weight * inside
        out = out * coverage + (1 - coverage) * fill       # as torchvision blends the border with fill
    if images.dtype.kind != "f":
        out = np.rint(out)
    return out.astype(images.dtype)
