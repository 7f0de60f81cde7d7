"""Tensor: a numpy array that remembers, when asked to, how it was computed.

Every differentiable method below calls one `Function` from `mtorch.ops`, where its forward and
backward are written out. `.backward()` hands the graph to `mtorch.autograd.engine`.
"""

import numpy as np

from . import dtypes
from .autograd import engine
from .autograd import function as _function
from .autograd.function import NumpyFunction
from .autograd.grad_mode import is_grad_enabled
from .ops import arithmetic as A
from .ops import elementwise as E
from .ops import reduction as R
from .ops import shape as S
from .random import rng_of


class Size(tuple):
    """A tensor's shape: a tuple, printed like PyTorch's `torch.Size([2, 3])`."""

    def __repr__(self):
        return f"mtorch.Size({list(self)})"

    def numel(self):
        return int(np.prod(self, dtype=np.int64))


class device:  # noqa: N801 - PyTorch's name
    """mtorch computes on the CPU only; `mtorch.device("cpu")` is accepted for PyTorch code."""

    def __init__(self, type="cpu", index=None):
        type = getattr(type, "type", type)
        if str(type).split(":")[0] != "cpu":
            raise RuntimeError(f"mtorch runs on the CPU only; device {type!r} is not available")
        self.type, self.index = "cpu", None

    def __eq__(self, other):
        return str(other) == "cpu" or isinstance(other, device)

    def __hash__(self):
        return hash("cpu")

    def __repr__(self):
        return "device(type='cpu')"

    def __str__(self):
        return "cpu"


_CPU = device("cpu")


def _array_like(value, like):
    """A Python number or array-like as an array that does not promote `like`'s float dtype."""
    if isinstance(value, Tensor):
        return value
    arr = np.asarray(value)
    if like.dtype.kind == "f" and arr.dtype.kind in "biuf":
        return arr.astype(like.dtype, copy=False)
    if arr.dtype == np.float64 and not isinstance(value, np.ndarray):
        return arr.astype(dtypes.get_default_dtype())
    return arr


def _binary(op, a, b):
    """Apply a two-input op to a Tensor and a Tensor or number, promoting an integer tensor
    to the default float dtype when the other operand is a float, as PyTorch does."""
    if not isinstance(b, Tensor):
        if isinstance(b, float) and a._data.dtype.kind in "biu":
            a = a.to(dtypes.get_default_dtype())
        b = Tensor(_array_like(b, a._data))
    return op.apply(a, b)


def _rbinary(op, a, b):
    """`number op tensor`: as `_binary` with the operands the other way round."""
    if isinstance(b, float) and a._data.dtype.kind in "biu":
        a = a.to(dtypes.get_default_dtype())
    return op.apply(Tensor(_array_like(b, a._data)), a)


def _index(index):
    """Tensors inside an index become their arrays (they select, they are not differentiated)."""
    if isinstance(index, Tensor):
        return index._data
    if isinstance(index, tuple):
        return tuple(i._data if isinstance(i, Tensor) else i for i in index)
    return index


def _size_args(size):
    """PyTorch accepts both f(2, 3) and f((2, 3))."""
    if len(size) == 1 and isinstance(size[0], (tuple, list, Size)):
        return tuple(size[0])
    return tuple(size)


class Tensor:
    __slots__ = ("_data", "requires_grad", "grad", "grad_fn", "_output_nr", "__weakref__")

    def __init__(self, data, requires_grad=False):
        self._data = data if isinstance(data, np.ndarray) else np.asarray(data)
        self.requires_grad = requires_grad
        self.grad = None
        self.grad_fn = None
        self._output_nr = 0

    # ----- what it holds -------------------------------------------------------------------------
    def numpy(self):
        """The array itself (shared, not copied), as PyTorch's `.numpy()` on a CPU tensor."""
        return self._data

    def __array__(self, dtype=None, copy=None):
        return self._data if dtype is None else self._data.astype(dtype)

    @property
    def data(self):
        """A Tensor on the same array, outside the graph."""
        return Tensor(self._data)

    @data.setter
    def data(self, value):
        self._data = value._data if isinstance(value, Tensor) else np.asarray(value)

    @property
    def shape(self):
        return Size(self._data.shape)

    def size(self, dim=None):
        return Size(self._data.shape) if dim is None else self._data.shape[dim]

    def dim(self):
        return self._data.ndim

    ndim = property(dim)

    def numel(self):
        return self._data.size

    @property
    def dtype(self):
        return self._data.dtype

    @property
    def device(self):
        return _CPU

    @property
    def is_leaf(self):
        return self.grad_fn is None

    def item(self):
        if self._data.size != 1:
            raise ValueError(f"only one-element tensors can be converted to a Python scalar, got shape "
                             f"{tuple(self._data.shape)}")
        return self._data.item()

    def tolist(self):
        return self._data.tolist()

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return len(self._data)

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __bool__(self):
        return bool(self._data)

    def __float__(self):
        return float(self.item())

    def __int__(self):
        return int(self.item())

    def __index__(self):
        return int(self.item())

    def __format__(self, spec):
        return format(self.item(), spec) if self._data.ndim == 0 else repr(self)

    def __repr__(self):
        body = np.array2string(self._data, separator=", ", prefix="tensor(", precision=4)
        extras = []
        if self._data.dtype not in (np.float32, np.int64, np.bool_):
            extras.append(f"dtype=mtorch.{self._data.dtype}")
        if self.grad_fn is not None:
            extras.append(f"grad_fn=<{self.grad_fn.function.__name__}Backward>")
        elif self.requires_grad:
            extras.append("requires_grad=True")
        return "tensor(" + body + "".join(", " + e for e in extras) + ")"

    __hash__ = object.__hash__

    # ----- autograd ------------------------------------------------------------------------------
    def backward(self, gradient=None, retain_graph=False):
        engine.backward(self, gradient, retain_graph)

    def detach(self):
        return Tensor(self._data)

    def requires_grad_(self, requires_grad=True):
        if requires_grad and self._data.dtype.kind != "f":
            raise RuntimeError(f"only floating point tensors can require gradients, got {self._data.dtype}")
        self.requires_grad = requires_grad
        return self

    def retain_grad(self):
        raise NotImplementedError("retain_grad is not supported; use the leaf's .grad instead")

    # ----- dtype and device (CPU only) -------------------------------------------------------------
    def to(self, *args, dtype=None, **kwargs):
        """Accepts PyTorch's forms: to(device), to(dtype), to(device, dtype), to(other_tensor)."""
        for a in args:
            if isinstance(a, Tensor):
                dtype = a.dtype
            elif isinstance(a, (np.dtype, type)):
                dtype = a
            else:
                device(a)  # raises for anything but the CPU
        if "device" in kwargs:
            device(kwargs["device"])
        if dtype is None or np.dtype(dtype) == self._data.dtype:
            return self
        return _Cast.apply(self, np.dtype(dtype))

    def cpu(self):
        return self

    def type_as(self, other):
        return self.to(other.dtype)

    def float(self):
        return self.to(dtypes.float32)

    def double(self):
        return self.to(dtypes.float64)

    def half(self):
        return self.to(dtypes.float16)

    def long(self):
        return self.to(dtypes.int64)

    def int(self):
        return self.to(dtypes.int32)

    def bool(self):
        return self.to(dtypes.bool)

    def is_floating_point(self):
        return self._data.dtype.kind == "f"

    def contiguous(self):
        return self

    def clone(self):
        return _Clone.apply(self)

    # ----- arithmetic ----------------------------------------------------------------------------
    def __add__(self, other):
        return _binary(A.Add, self, other)

    def __radd__(self, other):
        return _rbinary(A.Add, self, other)

    def __sub__(self, other):
        return _binary(A.Sub, self, other)

    def __rsub__(self, other):
        return _rbinary(A.Sub, self, other)

    def __mul__(self, other):
        return _binary(A.Mul, self, other)

    def __rmul__(self, other):
        return _rbinary(A.Mul, self, other)

    def __truediv__(self, other):
        if self._data.dtype.kind in "biu" and (not isinstance(other, Tensor) or other.dtype.kind in "biu"):
            return _binary(A.Div, self.to(dtypes.get_default_dtype()), other)  # true division
        return _binary(A.Div, self, other)

    def __rtruediv__(self, other):
        if self._data.dtype.kind in "biu":
            return _rbinary(A.Div, self.to(dtypes.get_default_dtype()), other)
        return _rbinary(A.Div, self, other)

    def __pow__(self, other):
        return _binary(A.Pow, self, other)

    def __rpow__(self, other):
        return _rbinary(A.Pow, self, other)

    def __neg__(self):
        return A.Neg.apply(self)

    def __matmul__(self, other):
        return A.MatMul.apply(self, other)

    def __rmatmul__(self, other):
        return A.MatMul.apply(Tensor(_array_like(other, self._data)), self)

    def __floordiv__(self, other):
        return Tensor(self._data // np.asarray(other))

    def __mod__(self, other):
        return Tensor(self._data % np.asarray(other))

    sub = __sub__
    mul = __mul__
    div = __truediv__
    pow = __pow__
    neg = __neg__
    matmul = __matmul__
    mm = __matmul__

    def add(self, other, alpha=1):
        return self + (other * alpha if alpha != 1 else other)

    # ----- comparisons (not differentiable) --------------------------------------------------------
    def _compare(self, other, op):
        return Tensor(op(self._data, other._data if isinstance(other, Tensor) else other))

    def __eq__(self, other):
        return self._compare(other, np.equal)

    def __ne__(self, other):
        return self._compare(other, np.not_equal)

    def __lt__(self, other):
        return self._compare(other, np.less)

    def __le__(self, other):
        return self._compare(other, np.less_equal)

    def __gt__(self, other):
        return self._compare(other, np.greater)

    def __ge__(self, other):
        return self._compare(other, np.greater_equal)

    def __invert__(self):
        return Tensor(~self._data)

    def __and__(self, other):
        return self._compare(other, np.logical_and if self._data.dtype == np.bool_ else np.bitwise_and)

    def __or__(self, other):
        return self._compare(other, np.logical_or if self._data.dtype == np.bool_ else np.bitwise_or)

    eq = __eq__
    ne = __ne__
    lt = __lt__
    le = __le__
    gt = __gt__
    ge = __ge__

    def equal(self, other):
        return self.shape == other.shape and bool(np.array_equal(self._data, other._data))

    def allclose(self, other, rtol=1e-5, atol=1e-8):
        return bool(np.allclose(self._data, np.asarray(other), rtol=rtol, atol=atol))

    def isnan(self):
        return Tensor(np.isnan(self._data))

    def isfinite(self):
        return Tensor(np.isfinite(self._data))

    def all(self, dim=None):
        return Tensor(self._data.all(axis=dim))

    def any(self, dim=None):
        return Tensor(self._data.any(axis=dim))

    # ----- reductions ----------------------------------------------------------------------------
    def sum(self, dim=None, keepdim=False, dtype=None):
        x = self if dtype is None else self.to(dtype)
        if x._data.dtype.kind in "biu" and dtype is None:
            return Tensor(x._data.sum(axis=dim, keepdims=keepdim))
        return R.Sum.apply(x, dim, keepdim)

    def mean(self, dim=None, keepdim=False, dtype=None):
        x = self if dtype is None else self.to(dtype)
        if not x.is_floating_point():
            raise RuntimeError(f"mean() needs a floating point tensor, got {x.dtype}; call .float() first")
        return R.Mean.apply(x, dim, keepdim)

    def var(self, dim=None, unbiased=None, keepdim=False, correction=None):
        if correction is None:
            correction = 1 if unbiased is None or unbiased else 0
        return R.Var.apply(self, dim, correction, keepdim)

    def std(self, dim=None, unbiased=None, keepdim=False, correction=None):
        return self.var(dim, unbiased, keepdim, correction).sqrt()

    def _extreme(self, dim, keepdim, largest):
        if dim is None:
            return R.MaxAll.apply(self, largest)
        if isinstance(dim, Tensor):  # mtorch.max(a, b): element-wise
            other = dim
            return where(self >= other if largest else self <= other, self, other)
        values, indices = R.MaxDim.apply(self, dim, keepdim, largest)
        return MaxResult(values, indices)

    def max(self, dim=None, keepdim=False):
        return self._extreme(dim, keepdim, True)

    def min(self, dim=None, keepdim=False):
        return self._extreme(dim, keepdim, False)

    def amax(self, dim=None, keepdim=False):
        return self.max(dim, keepdim) if dim is None else self.max(dim, keepdim).values

    def argmax(self, dim=None, keepdim=False):
        return Tensor(_arg(np.argmax, self._data, dim, keepdim))

    def argmin(self, dim=None, keepdim=False):
        return Tensor(_arg(np.argmin, self._data, dim, keepdim))

    # ----- shape ---------------------------------------------------------------------------------
    def reshape(self, *shape):
        return S.Reshape.apply(self, _size_args(shape))

    def view(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], (np.dtype, type)):
            raise TypeError("view(dtype) is not supported; use .to(dtype)")
        return S.Reshape.apply(self, _size_args(shape))

    def view_as(self, other):
        return self.reshape(other.shape)

    def reshape_as(self, other):
        return self.reshape(other.shape)

    def flatten(self, start_dim=0, end_dim=-1):
        shape = self._data.shape
        if not shape:
            return self.reshape(1)
        start, end = start_dim % len(shape), end_dim % len(shape)
        return self.reshape(shape[:start] + (-1,) + shape[end + 1:]) if start < end else self

    def squeeze(self, dim=None):
        shape = self._data.shape
        if dim is None:
            new = tuple(n for n in shape if n != 1)
        else:
            dims = {d % len(shape) for d in ((dim,) if isinstance(dim, int) else dim)} if shape else set()
            new = tuple(n for i, n in enumerate(shape) if not (i in dims and n == 1))
        return self.reshape(new) if new != shape else self

    def unsqueeze(self, dim):
        shape = list(self._data.shape)
        shape.insert(dim % (len(shape) + 1), 1)
        return self.reshape(tuple(shape))

    def transpose(self, dim0, dim1):
        return S.Transpose.apply(self, dim0, dim1)

    def t(self):
        if self._data.ndim > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, got {self._data.ndim}")
        return self.transpose(0, 1) if self._data.ndim == 2 else self

    @property
    def T(self):
        return S.Permute.apply(self, tuple(reversed(range(self._data.ndim))))

    @property
    def mT(self):
        return self.transpose(-2, -1)

    def permute(self, *dims):
        return S.Permute.apply(self, tuple(d % self._data.ndim for d in _size_args(dims)))

    def expand(self, *shape):
        shape = _size_args(shape)
        lead = len(shape) - self._data.ndim
        full = tuple(self._data.shape[i - lead] if n == -1 else n for i, n in enumerate(shape))
        return S.Expand.apply(self, full)

    def expand_as(self, other):
        return self.expand(other.shape)

    def repeat(self, *sizes):
        sizes = _size_args(sizes)
        x = self.reshape((1,) * (len(sizes) - self._data.ndim) + self._data.shape)
        lead = tuple(n for pair in zip(sizes, x.shape) for n in (1, pair[1]))
        shape = tuple(n for pair in zip(sizes, x.shape) for n in pair)
        return x.reshape(lead).expand(shape).reshape(tuple(s * n for s, n in zip(sizes, x.shape)))

    def chunk(self, chunks, dim=0):
        size = -(-self._data.shape[dim] // chunks)
        return self.split(size, dim)

    def split(self, split_size, dim=0):
        n = self._data.shape[dim]
        sizes = [split_size] * (n // split_size) + ([n % split_size] if n % split_size else []) \
            if isinstance(split_size, int) else list(split_size)
        index, starts = [slice(None)] * self._data.ndim, np.cumsum([0] + sizes[:-1])
        out = []
        for start, size in zip(starts, sizes):
            index[dim] = slice(int(start), int(start + size))
            out.append(self[tuple(index)])
        return tuple(out)

    def __getitem__(self, index):
        return S.GetItem.apply(self, _index(index))

    def __setitem__(self, index, value):
        self._check_inplace("__setitem__")
        self._data[_index(index)] = value._data if isinstance(value, Tensor) else value

    def masked_fill(self, mask, value):
        return where(mask, Tensor(np.asarray(value, dtype=self._data.dtype)), self)

    # ----- element-wise --------------------------------------------------------------------------
    def exp(self):
        return E.Exp.apply(self)

    def log(self):
        return E.Log.apply(self)

    def sqrt(self):
        return E.Sqrt.apply(self)

    def abs(self):
        return E.Abs.apply(self)

    def clamp(self, min=None, max=None):
        return E.Clamp.apply(self, min, max)

    clip = clamp

    def tanh(self):
        return E.Tanh.apply(self)

    def sigmoid(self):
        return E.Sigmoid.apply(self)

    def relu(self):
        return E.ReLU.apply(self)

    def softmax(self, dim):
        from .nn.functional import softmax

        return softmax(self, dim)

    def log_softmax(self, dim):
        from .nn.functional import log_softmax

        return log_softmax(self, dim)

    # ----- in place (not differentiable; for parameter updates and initialisation) ---------------
    def _check_inplace(self, name):
        if self.requires_grad and self.grad_fn is None and is_grad_enabled():
            raise RuntimeError(f"a leaf Tensor that requires grad is being used in an in-place operation "
                               f"({name}); wrap it in `with mtorch.no_grad():`")

    def _inplace(self, name, values):
        self._check_inplace(name)
        self._data[...] = values
        return self

    def zero_(self):
        return self._inplace("zero_", 0)

    def fill_(self, value):
        return self._inplace("fill_", value._data if isinstance(value, Tensor) else value)

    def copy_(self, src):
        return self._inplace("copy_", np.asarray(src))

    def add_(self, other, alpha=1):
        other = np.asarray(other)
        return self._inplace("add_", self._data + (other * alpha if alpha != 1 else other))

    def sub_(self, other, alpha=1):
        return self.add_(other, -alpha)

    def mul_(self, other):
        return self._inplace("mul_", self._data * np.asarray(other))

    def div_(self, other):
        return self._inplace("div_", self._data / np.asarray(other))

    def clamp_(self, min=None, max=None):
        return self._inplace("clamp_", np.clip(self._data, min, max))

    def uniform_(self, a=0.0, b=1.0, generator=None):
        return self._inplace("uniform_", rng_of(generator).uniform(a, b, self._data.shape))

    def normal_(self, mean=0.0, std=1.0, generator=None):
        return self._inplace("normal_", rng_of(generator).normal(mean, std, self._data.shape))


_function.Tensor = Tensor


class MaxResult(tuple):
    """`values, indices` of max/min over a dim, also readable as `.values` and `.indices`."""

    def __new__(cls, values, indices):
        return super().__new__(cls, (values, indices))

    values = property(lambda self: self[0])
    indices = property(lambda self: self[1])


def _arg(fn, x, dim, keepdim):
    if dim is None:
        return np.asarray(fn(x), dtype=np.int64)
    out = fn(x, axis=dim)
    return np.expand_dims(out, dim) if keepdim else np.asarray(out)


class _Cast(NumpyFunction):
    @staticmethod
    def forward(ctx, x, dtype):
        ctx.dtype = x.dtype
        return x.astype(dtype)

    @staticmethod
    def backward(ctx, grad):  # a cast passes the gradient through, cast back
        return grad.astype(ctx.dtype) if ctx.dtype.kind == "f" else None, None


class _Clone(NumpyFunction):
    @staticmethod
    def forward(ctx, x):
        return x.copy()

    @staticmethod
    def backward(ctx, grad):
        return grad


def where(condition, input, other):
    """Element-wise `input if condition else other`; differentiable in `input` and `other`."""
    cond = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        return Tensor(np.where(cond, input, other))
    like = input if isinstance(input, Tensor) else other
    a = input if isinstance(input, Tensor) else Tensor(_array_like(input, like._data))
    b = other if isinstance(other, Tensor) else Tensor(_array_like(other, like._data))
    return S.Where.apply(cond, a, b)
