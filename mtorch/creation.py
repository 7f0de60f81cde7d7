"""Ways to make a tensor, named and shaped as in PyTorch. Floats are float32 unless asked otherwise."""

import numpy as np

from . import dtypes
from .devices import cpu_only
from .random import rng_of
from .tensor import Size, Tensor, _size_args


def _dtype(dtype, default=None):
    return np.dtype(dtype) if dtype is not None else (default or dtypes.get_default_dtype())


def _new(array, requires_grad, device=None):
    cpu_only(device)
    t = Tensor(array)
    return t.requires_grad_() if requires_grad else t


def tensor(data, dtype=None, device=None, requires_grad=False):
    """A new tensor holding a copy of `data` (numbers, nested lists, a numpy array or a Tensor).

    Python floats become float32; numpy arrays keep their dtype (float64 stays float64), as in PyTorch.
    """
    if isinstance(data, Tensor):
        data = data.numpy()
    array = np.array(data, dtype=dtype)
    if dtype is None and not isinstance(data, (np.ndarray, np.generic)):  # Python numbers and lists
        if array.dtype == np.float64:
            array = array.astype(dtypes.get_default_dtype())
        elif array.dtype.kind in "iu":
            array = array.astype(np.int64)
    return _new(array, requires_grad, device)


def as_tensor(data, dtype=None, device=None):
    """Like `tensor` but shares memory with a numpy array or Tensor of the right dtype."""
    cpu_only(device)
    if isinstance(data, Tensor) and (dtype is None or data.dtype == np.dtype(dtype)):
        return data
    if isinstance(data, np.ndarray) and (dtype is None or data.dtype == np.dtype(dtype)):
        return Tensor(data)
    return tensor(data, dtype=dtype)


def from_numpy(array):
    """A tensor sharing memory with `array` (changes to one show in the other)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected a numpy.ndarray, got {type(array).__name__}")
    return Tensor(array)


def zeros(*size, dtype=None, device=None, requires_grad=False):
    return _new(np.zeros(_size_args(size), dtype=_dtype(dtype)), requires_grad, device)


def ones(*size, dtype=None, device=None, requires_grad=False):
    return _new(np.ones(_size_args(size), dtype=_dtype(dtype)), requires_grad, device)


def empty(*size, dtype=None, device=None, requires_grad=False):
    return _new(np.empty(_size_args(size), dtype=_dtype(dtype)), requires_grad, device)


def full(size, fill_value, dtype=None, device=None, requires_grad=False):
    if dtype is None and isinstance(fill_value, bool):
        dtype = dtypes.bool
    elif dtype is None and isinstance(fill_value, int):
        dtype = dtypes.int64
    return _new(np.full(tuple(size), fill_value, dtype=_dtype(dtype)), requires_grad, device)


def eye(n, m=None, dtype=None, device=None, requires_grad=False):
    return _new(np.eye(n, m, dtype=_dtype(dtype)), requires_grad, device)


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False):
    """Uniform on [0, 1)."""
    return _new(rng_of(generator).random(_size_args(size), dtype=_dtype(dtype)), requires_grad, device)


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False):
    """Standard normal."""
    return _new(rng_of(generator).standard_normal(_size_args(size), dtype=_dtype(dtype)), requires_grad, device)


def randint(low, high=None, size=None, generator=None, dtype=None, device=None):
    """Integers in [low, high); `randint(high, size)` as in PyTorch."""
    if size is None:
        low, high, size = 0, low, high
    return _new(rng_of(generator).integers(low, high, size=tuple(size), dtype=_dtype(dtype, dtypes.int64)), False,
                device)


def randperm(n, generator=None, dtype=None, device=None):
    return _new(rng_of(generator).permutation(n).astype(_dtype(dtype, dtypes.int64)), False, device)


def arange(start, end=None, step=1, dtype=None, device=None, requires_grad=False):
    if end is None:
        start, end = 0, start
    if dtype is None:
        floats = any(isinstance(v, float) for v in (start, end, step))
        dtype = dtypes.get_default_dtype() if floats else dtypes.int64
    return _new(np.arange(start, end, step, dtype=np.dtype(dtype)), requires_grad, device)


def linspace(start, end, steps, dtype=None, device=None, requires_grad=False):
    return _new(np.linspace(start, end, steps, dtype=_dtype(dtype)), requires_grad, device)


def zeros_like(input, dtype=None, device=None, requires_grad=False):
    return zeros(input.shape, dtype=dtype or input.dtype, device=device, requires_grad=requires_grad)


def ones_like(input, dtype=None, device=None, requires_grad=False):
    return ones(input.shape, dtype=dtype or input.dtype, device=device, requires_grad=requires_grad)


def empty_like(input, dtype=None, device=None, requires_grad=False):
    return empty(input.shape, dtype=dtype or input.dtype, device=device, requires_grad=requires_grad)


def rand_like(input, dtype=None, device=None, requires_grad=False, generator=None):
    return rand(input.shape, generator=generator, dtype=dtype or input.dtype, device=device,
                requires_grad=requires_grad)


def randn_like(input, dtype=None, device=None, requires_grad=False, generator=None):
    return randn(input.shape, generator=generator, dtype=dtype or input.dtype, device=device,
                 requires_grad=requires_grad)


def full_like(input, fill_value, dtype=None, device=None, requires_grad=False):
    return full(input.shape, fill_value, dtype=dtype or input.dtype, device=device, requires_grad=requires_grad)


def randint_like(input, low=0, high=None, *, generator=None, dtype=None, device=None, requires_grad=False):
    """Integers in [low, high) with the shape (and, unless given, the dtype) of `input`."""
    if high is None:
        low, high = 0, low
    array = rng_of(generator).integers(low, high, size=input.shape).astype(dtype or input.dtype)
    return _new(array, requires_grad, device)


def normal(mean, std=1.0, size=None, *, generator=None, dtype=None, device=None, requires_grad=False):
    """Normal samples: element-wise from tensors of means and/or standard deviations (broadcast), or
    `size` samples of one mean and std. The samples are not differentiable in mtorch (PyTorch gives
    zero gradients)."""
    tensors = [t for t in (mean, std) if isinstance(t, Tensor)]
    if size is not None and tensors:
        raise RuntimeError("normal(): size= is only accepted with a number mean and std")
    if size is None and not tensors:
        raise TypeError("normal() received an invalid combination of arguments: give a Tensor mean or std, "
                        "or size=")
    m, s = (t.numpy() if isinstance(t, Tensor) else t for t in (mean, std))
    if np.min(s) < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {np.min(s)}")
    shape = tuple(size) if size is not None else np.broadcast_shapes(*(t.shape for t in tensors))
    out_dtype = np.dtype(dtype) if dtype is not None else (tensors[0].dtype if tensors else dtypes.get_default_dtype())
    return _new((m + s * rng_of(generator).standard_normal(shape)).astype(out_dtype), requires_grad, device)


def triu_indices(row, col, offset=0, *, dtype=None, device=None):
    """The (2, N) row and column indices of the upper triangle of a row x col matrix."""
    return _new(np.stack(np.triu_indices(row, offset, col)).astype(_dtype(dtype, dtypes.int64)), False, device)


def tril_indices(row, col, offset=0, *, dtype=None, device=None):
    """The (2, N) row and column indices of the lower triangle of a row x col matrix."""
    return _new(np.stack(np.tril_indices(row, offset, col)).astype(_dtype(dtype, dtypes.int64)), False, device)


__all__ = ["Size", "tensor", "as_tensor", "from_numpy", "zeros", "ones", "empty", "full", "eye", "rand",
           "randn", "randint", "randperm", "arange", "linspace", "zeros_like", "ones_like", "empty_like",
           "rand_like", "randn_like", "full_like", "randint_like", "normal", "triu_indices",
           "tril_indices"]
