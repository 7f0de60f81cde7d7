"""Tensor: a numpy array that remembers, when asked to, how it was computed.

Every differentiable method below calls one `Function` from `mtorch.ops`, where its forward and
backward are written out. `.backward()` hands the graph to `mtorch.autograd.engine`.
"""

import copy
import functools
import math

import numpy as np

from . import dtypes, random
from .autograd import engine
from .autograd.function import RemovableHandle, register_tensor_class
from .autograd.grad_mode import is_grad_enabled, no_grad
from .devices import CPU, cpu_only
from .ops import arithmetic as A
from .ops import cumulative as C
from .ops import elementwise as E
from .ops import indexing as I  # noqa: E741 - one letter per op family, like the others
from .ops import linalg as L
from .ops import pointwise as P
from .ops import reduction as R
from .ops import shape as S
from .ops import sorting as O  # noqa: E741
from .random import rng_of


class Size(tuple):
    """A tensor's shape: a tuple, printed like PyTorch's `torch.Size([2, 3])`."""

    def __repr__(self):
        return f"mtorch.Size({list(self)})"

    def numel(self):
        return int(np.prod(self, dtype=np.int64))


_SCALARS = (int, float, bool, np.number, np.bool_)


def _scalar_array(value):
    """A non-Tensor operand as an array: numbers stay Python numbers for promotion; sequences become
    arrays as `mtorch.tensor` would make them (Python floats as the default dtype)."""
    array = np.asarray(value)
    if array.dtype == np.float64 and not isinstance(value, np.ndarray):
        array = array.astype(dtypes.get_default_dtype())
    return array


def _operands(a, b):
    """`a` (a Tensor) and `b` (a Tensor or a number) as two Tensors of their result dtype, by PyTorch's
    promotion rules (`mtorch.dtypes.result_type`): the one promotion every binary op goes through."""
    da = a._data.dtype
    if isinstance(b, Tensor):
        db = b._data.dtype
        if da is db:  # the common case costs one comparison
            return a, b
        dtype = dtypes.result_type(a, b)
        return (a if da == dtype else E.Cast.apply(a, dtype)), (b if db == dtype else E.Cast.apply(b, dtype))
    if isinstance(b, _SCALARS):
        dtype = da if da.kind == "f" and type(b) in (float, int) else dtypes.result_type(a, b)
        return (a if da == dtype else E.Cast.apply(a, dtype)), Tensor(np.asarray(b, dtype=dtype))
    return _operands(a, Tensor(_scalar_array(b)))


def _binary(op, a, b):
    a, b = _operands(a, b)
    return op.apply(a, b)


def _rbinary(op, a, b):
    """`number op tensor`: promoted as `tensor op number`, applied the other way round."""
    a, b = _operands(a, b)
    return op.apply(b, a)


def _true_divide_operands(a, b):
    """Division is true division: integer and bool operands compute in the default float dtype."""
    a, b = _operands(a, b)
    if a._data.dtype.kind != "f":
        dtype = dtypes.get_default_dtype()
        a, b = E.Cast.apply(a, dtype), E.Cast.apply(b, dtype)
    return a, b


_TORCH_C_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int",
                  "int32": "int", "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
                  "bool": "bool"}


def _matmul(a, b):
    if not isinstance(b, Tensor):
        b = Tensor(_scalar_array(b))
    if a._data.dtype != b._data.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {_TORCH_C_NAMES[a.dtype.name]} "
                           f"!= {_TORCH_C_NAMES[b.dtype.name]}")
    return A.MatMul.apply(a, b)


def _where(condition, input, other):
    """Element-wise `input if condition else other`, promoted like a binary op; differentiable in both."""
    cond = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
    if not isinstance(input, Tensor):
        if not isinstance(other, Tensor):
            dtype = dtypes.result_type(input, other)
            return Tensor(np.where(cond, np.asarray(input, dtype=dtype), np.asarray(other, dtype=dtype)))
        b, a = _operands(other, input)
    else:
        a, b = _operands(input, other)
    return S.Where.apply(cond, a, b)


def _index(index):
    """Tensors inside an index become their arrays (they select, they are not differentiated)."""
    if isinstance(index, Tensor):
        return index._data
    if isinstance(index, tuple):
        return tuple(i._data if isinstance(i, Tensor) else i for i in index)
    return index


def _is_basic(index):
    """Whether numpy indexing with `index` makes a view (ints, slices, None, ...) rather than a copy."""
    items = index if isinstance(index, tuple) else (index,)
    return all(i is None or i is Ellipsis or isinstance(i, (int, slice, np.integer)) and not isinstance(i, bool)
               for i in items)


def _size_args(size):
    """PyTorch accepts both f(2, 3) and f((2, 3))."""
    if len(size) == 1 and isinstance(size[0], (tuple, list, Size)):
        return tuple(size[0])
    return tuple(size)


def _dtype_arg(value):
    return isinstance(value, (np.dtype, type)) and not isinstance(value, Tensor)


def numpy_names(method):
    """Also accept numpy's spellings axis= and keepdims= for dim= and keepdim=, as PyTorch does."""

    @functools.wraps(method)
    def accepting(*args, **kwargs):
        if "axis" in kwargs:
            kwargs["dim"] = kwargs.pop("axis")
        if "keepdims" in kwargs:
            kwargs["keepdim"] = kwargs.pop("keepdims")
        return method(*args, **kwargs)

    return accepting


def _dim(dim, tensor):
    """`dim` (negative counts from the end) as an index in [0, ndim), or PyTorch's IndexError."""
    n = max(tensor._data.ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim % n


def _check_ndim(name, tensor, ndim, role, at_least=False):
    n = tensor._data.ndim
    if n < ndim if at_least else n != ndim:
        raise RuntimeError(f"{name}: {role} must be a {ndim}-D tensor{' or more' if at_least else ''}, got {n}-D")


def _floor_divide(a, b):
    """a // b; integer division by zero is PyTorch's error (numpy would quietly give 0)."""
    P.check_integer_divisor(b)
    return a // b


def _floating(tensor):
    """The input of a floating-point function (exp, sin, sqrt, ...): integer and bool tensors compute in the
    default float dtype, as in PyTorch (numpy would give float64)."""
    return tensor if tensor._data.dtype.kind == "f" else E.Cast.apply(tensor, dtypes.get_default_dtype())


def _accumulating(tensor, dtype):
    """cumsum/cumprod/prod's input dtype: `dtype` when given, int64 for integers and bools, as PyTorch."""
    if dtype is not None:
        return tensor.to(dtype)
    return tensor.to(dtypes.int64) if tensor._data.dtype.kind in "biu" else tensor


class Tensor:
    __slots__ = ("_data", "requires_grad", "grad", "grad_fn", "_output_nr", "_version", "_view", "_base_fn", "_hooks",
                 "_accumulator", "__weakref__")

    def __init__(self, data, requires_grad=False):
        self._data = data if isinstance(data, np.ndarray) else np.asarray(data)
        self.requires_grad = requires_grad
        self.grad = None
        self.grad_fn = None
        self._output_nr = 0
        self._version = [0]  # bumped by every in-place change; shared with the views of this array
        self._view = None  # (base Tensor, index or None) when this tensor is a view of base's array
        self._base_fn = None  # a view's base's grad_fn when this view's grad_fn was made (see _edge)
        self._hooks = None  # a leaf's {0: [hooks]} (a non-leaf's hooks live on its grad_fn)
        self._accumulator = None  # weak ref to this leaf's AccumulateGrad node

    def __deepcopy__(self, memo):
        """Python's default deep copy of the fields, but not the weak reference to this leaf's AccumulateGrad
        node: shared, it would send the copy's gradients into the original's .grad while a graph holds it.
        As in PyTorch, only leaves can be deep-copied (a copied graph would hide where gradients go)."""
        if self.grad_fn is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                               "protocol at the moment.  If you were attempting to deepcopy a module, this may be "
                               "because of a torch.nn.utils.weight_norm usage, see "
                               "https://github.com/pytorch/pytorch/pull/103001")
        new = type(self).__new__(type(self))
        memo[id(self)] = new
        for name in Tensor.__slots__:
            if name != "__weakref__" and hasattr(self, name):
                setattr(new, name, copy.deepcopy(getattr(self, name), memo))
        new._accumulator = None
        if hasattr(self, "__dict__"):
            new.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return new

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
        return CPU

    @property
    def is_cuda(self):
        return False

    @property
    def is_leaf(self):
        return self.grad_fn is None

    @property
    def _version_number(self):
        return self._version[0]

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
            extras.append(f"grad_fn=<{self.grad_fn.name()}>")
        elif self.requires_grad:
            extras.append("requires_grad=True")
        return "tensor(" + body + "".join(", " + e for e in extras) + ")"

    __hash__ = object.__hash__

    # ----- autograd ------------------------------------------------------------------------------
    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        engine.backward(self, gradient, retain_graph, create_graph, inputs)

    def detach(self):
        """The same array outside the graph (in-place changes to either show in both, as in PyTorch)."""
        t = Tensor(self._data)
        t._version = self._version
        return t

    def detach_(self):
        self.grad_fn, self._output_nr = None, 0
        self.requires_grad = False
        return self

    def requires_grad_(self, requires_grad=True):
        if requires_grad and self._data.dtype.kind != "f":
            raise RuntimeError(f"only floating point tensors can require gradients, got {self._data.dtype}")
        if not requires_grad and self.grad_fn is not None:
            raise RuntimeError("you can only change requires_grad flags of leaf variables. If you want to use a "
                               "computed variable in a subgraph that doesn't require differentiation use "
                               "var_no_grad = var.detach().")
        self.requires_grad = requires_grad
        return self

    def retain_grad(self):
        """Fill `.grad` of this non-leaf tensor on backward (a leaf's is filled anyway)."""
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is not None:
            engine.retain(self)

    @property
    def retains_grad(self):
        node = self.grad_fn
        return node is not None and node.retained is not None and self._output_nr in node.retained

    def register_hook(self, hook):
        """Call `hook(grad)` when this tensor's gradient is computed; a returned Tensor replaces the
        gradient. Returns a handle whose `.remove()` unregisters the hook."""
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            return self.grad_fn.register_hook_for(self._output_nr, hook)
        if self._hooks is None:
            self._hooks = {0: []}
        self._hooks[0].append(hook)
        return RemovableHandle(self._hooks[0], hook)

    # ----- dtype and device (CPU only) -------------------------------------------------------------
    def to(self, *args, dtype=None, device=None, non_blocking=False, copy=False, **kwargs):
        """PyTorch's forms: to(device), to(dtype), to(device, dtype), to(other_tensor). Only the CPU exists:
        to('cuda') is a clear error."""
        for a in args:
            if isinstance(a, Tensor):
                dtype = a.dtype
            elif _dtype_arg(a):
                dtype = a
            else:
                device = a
        cpu_only(device)
        if dtype is None or np.dtype(dtype) == self._data.dtype:
            return self.clone() if copy else self
        return E.Cast.apply(self, np.dtype(dtype))

    def cpu(self):
        return self

    def cuda(self, device=None, non_blocking=False):
        return cpu_only(device if device is not None else "cuda")

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

    def is_contiguous(self):
        return self._data.flags.c_contiguous

    def contiguous(self):
        """This tensor when its array is C-contiguous, else a contiguous copy (recorded like clone)."""
        return self if self._data.flags.c_contiguous else self.clone()

    def clone(self):
        return E.Clone.apply(self)

    # ----- arithmetic ----------------------------------------------------------------------------
    def __add__(self, other):
        return _binary(A.Add, self, other)

    def __radd__(self, other):
        return _rbinary(A.Add, self, other)

    def _refuse_bool(self, other, what):
        if self._data.dtype == np.bool_ or isinstance(other, (bool, np.bool_)) or \
                isinstance(other, Tensor) and other._data.dtype == np.bool_:
            raise RuntimeError(f"{what} with a bool tensor is not supported. If you are trying to invert a mask, "
                               f"use the `~` or `logical_not()` operator instead.")

    def __sub__(self, other):
        self._refuse_bool(other, "Subtraction, the `-` operator,")
        return _binary(A.Sub, self, other)

    def __rsub__(self, other):
        self._refuse_bool(other, "Subtraction, the `-` operator,")
        return _rbinary(A.Sub, self, other)

    def __mul__(self, other):
        return _binary(A.Mul, self, other)

    def __rmul__(self, other):
        return _rbinary(A.Mul, self, other)

    def __truediv__(self, other):
        return A.Div.apply(*_true_divide_operands(self, other))

    def __rtruediv__(self, other):
        a, b = _true_divide_operands(self, other)
        return A.Div.apply(b, a)

    def __pow__(self, other):
        return _binary(A.Pow, self, other)

    def __rpow__(self, other):
        return _rbinary(A.Pow, self, other)

    def __neg__(self):
        if self._data.dtype == np.bool_:
            raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
                               "to invert a mask, use the `~` or `logical_not()` operator instead.")
        return A.Neg.apply(self)

    def __matmul__(self, other):
        return _matmul(self, other)

    def __rmatmul__(self, other):
        return _matmul(Tensor(_scalar_array(other)), self)

    def __floordiv__(self, other):
        a, b = _operands(self, other)
        return Tensor(_floor_divide(a._data, b._data))

    def __rfloordiv__(self, other):
        a, b = _operands(self, other)
        return Tensor(_floor_divide(b._data, a._data))

    def sub(self, other, alpha=1):
        return self - (other * alpha if alpha != 1 else other)

    def add(self, other, alpha=1):
        return self + (other * alpha if alpha != 1 else other)

    def mul(self, other):
        return self * other

    def div(self, other, rounding_mode=None):
        if rounding_mode is None:
            return self / other
        if rounding_mode == "floor":
            return self // other
        if rounding_mode == "trunc":
            a, b = _operands(self, other)
            return Tensor(np.trunc(a._data / b._data).astype(a._data.dtype))
        raise ValueError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                         f"'{rounding_mode}'")

    true_divide = divide = __truediv__
    multiply = mul
    subtract = sub
    pow = __pow__
    neg = negative = __neg__
    matmul = __matmul__

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

    def allclose(self, other, rtol=1e-5, atol=1e-8, equal_nan=False):
        return bool(self.isclose(other, rtol, atol, equal_nan).all())

    def isnan(self):
        return Tensor(np.isnan(self._data))

    def isfinite(self):
        return Tensor(np.isfinite(self._data))

    # ----- reductions ----------------------------------------------------------------------------
    @numpy_names
    def sum(self, dim=None, keepdim=False, dtype=None):
        x = self if dtype is None else self.to(dtype)
        if x._data.dtype.kind in "biu" and dtype is None:  # integers and bools sum into int64, as in PyTorch
            return Tensor(np.asarray(x._data.sum(axis=dim, keepdims=keepdim, dtype=np.int64)))
        return R.Sum.apply(x, dim, keepdim)

    @numpy_names
    def mean(self, dim=None, keepdim=False, dtype=None):
        x = self if dtype is None else self.to(dtype)
        if not x.is_floating_point():
            raise RuntimeError(f"mean() needs a floating point tensor, got {x.dtype}; call .float() first")
        return R.Mean.apply(x, dim, keepdim)

    @numpy_names
    def var(self, dim=None, unbiased=None, keepdim=False, correction=None):
        if self._data.dtype.kind != "f":
            raise RuntimeError("std and var only support floating point and complex dtypes")
        if correction is None:
            correction = 1 if unbiased is None or unbiased else 0
        return R.Var.apply(self, dim, correction, keepdim)

    @numpy_names
    def std(self, dim=None, unbiased=None, keepdim=False, correction=None):
        return self.var(dim, unbiased, keepdim, correction).sqrt()

    def _extreme(self, dim, keepdim, largest):
        if dim is None:
            return R.MaxAll.apply(self, largest)
        if isinstance(dim, Tensor):  # mtorch.max(a, b): element-wise
            return self.maximum(dim) if largest else self.minimum(dim)
        values, indices = R.MaxDim.apply(self, dim, keepdim, largest)
        return MaxResult(values, indices)

    @numpy_names
    def max(self, dim=None, keepdim=False):
        return self._extreme(dim, keepdim, True)

    @numpy_names
    def min(self, dim=None, keepdim=False):
        return self._extreme(dim, keepdim, False)

    @numpy_names
    def amax(self, dim=None, keepdim=False):
        return self.max(dim, keepdim) if dim is None else self.max(dim, keepdim).values

    @numpy_names
    def argmax(self, dim=None, keepdim=False):
        return Tensor(_arg(np.argmax, self._data, dim, keepdim))

    @numpy_names
    def argmin(self, dim=None, keepdim=False):
        return Tensor(_arg(np.argmin, self._data, dim, keepdim))

    @numpy_names
    def softmax(self, dim, dtype=None):
        x = self if dtype is None else self.to(dtype)
        return R.Softmax.apply(x._float_only("softmax"), dim)

    @numpy_names
    def log_softmax(self, dim, dtype=None):
        x = self if dtype is None else self.to(dtype)
        return R.LogSoftmax.apply(x._float_only("log_softmax"), dim)

    def _float_only(self, name):
        if self._data.dtype.kind != "f":
            raise RuntimeError(f'"{name}" not implemented for \'{_TORCH_NAMES[self._data.dtype.name]}\'')
        return self

    # ----- shape ---------------------------------------------------------------------------------
    def reshape(self, *shape):
        return S.Reshape.apply(self, _size_args(shape))

    def view(self, *shape):
        if len(shape) == 1 and _dtype_arg(shape[0]):
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

    @numpy_names
    def squeeze(self, dim=None):
        shape = self._data.shape
        if dim is None:
            new = tuple(n for n in shape if n != 1)
        else:
            dims = {d % len(shape) for d in ((dim,) if isinstance(dim, int) else dim)} if shape else set()
            new = tuple(n for i, n in enumerate(shape) if not (i in dims and n == 1))
        return self.reshape(new) if new != shape else self

    @numpy_names
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

    @numpy_names
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
        index = _index(index)
        out = S.GetItem.apply(self, index)
        if out._view is not None and _is_basic(index):
            out._view = (self, index)  # a slice: an in-place change to it is recorded on self too
        return out

    def masked_fill(self, mask, value):
        if mask.dtype != np.bool_:
            raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype {mask.dtype}")
        return _where(mask, Tensor(np.asarray(value._data if isinstance(value, Tensor) else value,
                                              dtype=self._data.dtype)), self)

    def where(self, condition, other):
        return _where(condition, self, other)

    # ----- element-wise --------------------------------------------------------------------------
    def exp(self):
        return E.Exp.apply(_floating(self))

    def log(self):
        return E.Log.apply(_floating(self))

    def sqrt(self):
        return E.Sqrt.apply(_floating(self))

    def abs(self):
        return E.Abs.apply(self)

    def clamp(self, min=None, max=None):
        bounds = [b for b in (min, max) if b is not None]
        dtype = dtypes.result_type(self, *bounds) if bounds else self._data.dtype
        x = self if dtype == self._data.dtype else E.Cast.apply(self, dtype)  # int.clamp(max=2.5) is float
        return E.Clamp.apply(x, min, max)

    def clamp_min(self, min):
        return self.clamp(min=min)

    def clamp_max(self, max):
        return self.clamp(max=max)

    clip = clamp

    def tanh(self):
        return E.Tanh.apply(_floating(self))

    def sigmoid(self):
        return E.Sigmoid.apply(_floating(self))

    def relu(self):
        return E.ReLU.apply(self)

    # ----- the math library: element-wise (mtorch/ops/pointwise.py) ----------------------------------
    def sin(self):
        return P.Sin.apply(_floating(self))

    def cos(self):
        return P.Cos.apply(_floating(self))

    def tan(self):
        return P.Tan.apply(_floating(self))

    def asin(self):
        return P.Asin.apply(_floating(self))

    def acos(self):
        return P.Acos.apply(_floating(self))

    def atan(self):
        return P.Atan.apply(_floating(self))

    def sinh(self):
        return P.Sinh.apply(_floating(self))

    def cosh(self):
        return P.Cosh.apply(_floating(self))

    def asinh(self):
        return P.Asinh.apply(_floating(self))

    def acosh(self):
        return P.Acosh.apply(_floating(self))

    def atanh(self):
        return P.Atanh.apply(_floating(self))

    arcsin, arccos, arctan, arcsinh, arccosh, arctanh = asin, acos, atan, asinh, acosh, atanh

    def log2(self):
        return P.Log2.apply(_floating(self))

    def log10(self):
        return P.Log10.apply(_floating(self))

    def exp2(self):
        return P.Exp2.apply(self)

    def deg2rad(self):
        return self.to(P.as_floating(self._data).dtype) * (math.pi / 180)

    def rad2deg(self):
        return self.to(P.as_floating(self._data).dtype) * (180 / math.pi)

    def log1p(self):
        return P.Log1p.apply(_floating(self))

    def expm1(self):
        return P.Expm1.apply(_floating(self))

    def erf(self):
        return P.Erf.apply(_floating(self))

    def erfc(self):
        return P.Erfc.apply(_floating(self))

    def reciprocal(self):
        return P.Reciprocal.apply(_floating(self))

    def rsqrt(self):
        return P.Rsqrt.apply(_floating(self))

    def square(self):
        return P.Square.apply(self)

    def sign(self):
        return P.Sign.apply(self)

    def floor(self):
        return P.Floor.apply(self)

    def ceil(self):
        return P.Ceil.apply(self)

    def trunc(self):
        return P.Trunc.apply(self)

    fix = trunc

    def frac(self):
        if not self.is_floating_point():
            raise RuntimeError(f'"frac" not implemented for {self.dtype}')
        return P.Frac.apply(self)

    def round(self, decimals=0):
        return P.Round.apply(self, decimals)

    def nan_to_num(self, nan=0.0, posinf=None, neginf=None):
        return P.NanToNum.apply(self, nan, posinf, neginf)

    def atan2(self, other):
        return P.Atan2.apply(*_operands(self, other))

    arctan2 = atan2

    def fmod(self, other):
        return P.Fmod.apply(*_operands(self, other))

    def remainder(self, other):
        return P.Remainder.apply(*_operands(self, other))

    __mod__ = remainder

    def __rmod__(self, other):
        a, b = _operands(self, other)
        return P.Remainder.apply(b, a)

    def maximum(self, other):
        return P.Maximum.apply(*_operands(self, other), True)

    def minimum(self, other):
        return P.Maximum.apply(*_operands(self, other), False)

    def logaddexp(self, other):
        return P.LogAddExp.apply(*_operands(self, other))

    def logical_and(self, other):
        return Tensor(np.logical_and(self._data, _index(other)))

    def logical_or(self, other):
        return Tensor(np.logical_or(self._data, _index(other)))

    def logical_xor(self, other):
        return Tensor(np.logical_xor(self._data, _index(other)))

    def logical_not(self):
        return Tensor(np.logical_not(self._data))

    def hypot(self, other):
        if not self.is_floating_point():
            raise NotImplementedError(f'"hypot" not implemented for {self.dtype}')
        return P.Hypot.apply(*_operands(self, other))

    def lerp(self, end, weight):
        if not self.is_floating_point():
            raise RuntimeError(f"lerp(): expected a floating point tensor, got {self.dtype}")
        weight = weight if isinstance(weight, Tensor) else Tensor(np.asarray(weight, dtype=self._data.dtype))
        return P.Lerp.apply(self, end, weight)

    def isinf(self):
        return Tensor(np.isinf(self._data))

    def isposinf(self):
        return Tensor(np.isposinf(self._data))

    def isneginf(self):
        return Tensor(np.isneginf(self._data))

    def isclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return Tensor(np.isclose(self._data, np.asarray(other), rtol=rtol, atol=atol, equal_nan=equal_nan))

    # ----- the math library: reductions (mtorch/ops/cumulative.py, linalg.py) -----------------------------
    @numpy_names
    def cumsum(self, dim, dtype=None):
        x = _accumulating(self, dtype)
        return C.CumSum.apply(x.reshape(1), 0).reshape(()) if x.ndim == 0 else C.CumSum.apply(x, _dim(dim, x))

    @numpy_names
    def cumprod(self, dim, dtype=None):
        x = _accumulating(self, dtype)
        return C.CumProd.apply(x.reshape(1), 0).reshape(()) if x.ndim == 0 else C.CumProd.apply(x, _dim(dim, x))

    @numpy_names
    def cummax(self, dim):
        return MaxResult(*C.CumMax.apply(self, _dim(dim, self), True)) if self._data.ndim else self.sort()

    @numpy_names
    def cummin(self, dim):
        return MaxResult(*C.CumMax.apply(self, _dim(dim, self), False)) if self._data.ndim else self.sort()

    @numpy_names
    def prod(self, dim=None, keepdim=False, dtype=None):
        x = _accumulating(self, dtype)
        return C.Prod.apply(x, None if dim is None else _dim(dim, x), keepdim)

    @numpy_names
    def logsumexp(self, dim, keepdim=False):
        return C.LogSumExp.apply(self.to(P.as_floating(self._data).dtype), dim, keepdim)

    @numpy_names
    def amin(self, dim=None, keepdim=False):
        return self.min(dim, keepdim) if dim is None else self.min(dim, keepdim).values

    @numpy_names
    def nansum(self, dim=None, keepdim=False, dtype=None):
        return _where(self.isnan(), 0, self).sum(dim, keepdim, dtype)

    @numpy_names
    def nanmean(self, dim=None, keepdim=False, dtype=None):
        return self.nansum(dim, keepdim, dtype) / (~self.isnan()).sum(dim, keepdim)

    @numpy_names
    def median(self, dim=None, keepdim=False):
        """The lower of the two middle values; with `dim`, (values, indices)."""
        if dim is None:
            return O.Median.apply(self.reshape(-1), 0, False)[0]
        x = self.reshape(1) if self._data.ndim == 0 else self
        values, indices = O.Median.apply(x, _dim(dim, x), keepdim)
        return MaxResult(values.reshape(()), indices.reshape(())) if self._data.ndim == 0 else \
            MaxResult(values, indices)

    @numpy_names
    def diff(self, n=1, dim=-1, prepend=None, append=None):
        dim = _dim(dim, self)
        x = S.Cat.apply(dim, *[t for t in (prepend, self, append) if t is not None])
        for _ in range(n):
            length = x._data.shape[dim]
            x = x.narrow(dim, 1, length - 1) - x.narrow(dim, 0, length - 1)
        return x

    def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
        """Vector norms, as `torch.norm`: p is a number, inf, -inf or 'fro' (the 2-norm of the entries)."""
        x = self if dtype is None else self.to(dtype)
        if not x.is_floating_point():
            raise RuntimeError(f"norm(): input dtype should be floating point, got {x.dtype}")
        if p == "fro":
            p = 2
        elif isinstance(p, str):
            raise NotImplementedError(f"norm(p={p!r}) is not supported by mtorch; only vector norms "
                                      f"(a number, inf, -inf or 'fro')")
        return L.VectorNorm.apply(x, float(p), dim, keepdim)

    def dist(self, other, p=2):
        return (self - other).norm(p)

    @numpy_names
    def count_nonzero(self, dim=None):
        return Tensor(np.count_nonzero(self._data, axis=dim))

    @numpy_names
    def all(self, dim=None, keepdim=False):
        out = np.all(self._data, axis=dim, keepdims=keepdim)
        return Tensor(out.astype(np.uint8) if self._data.dtype == np.uint8 else out)

    @numpy_names
    def any(self, dim=None, keepdim=False):
        out = np.any(self._data, axis=dim, keepdims=keepdim)
        return Tensor(out.astype(np.uint8) if self._data.dtype == np.uint8 else out)

    def histc(self, bins=100, min=0, max=0):
        """Counts in `bins` equal bins between min and max (the data's own range when both are 0)."""
        if not self.is_floating_point():
            raise RuntimeError(f'"histogram_cpu" not implemented for {self.dtype}')
        lo, hi = float(min), float(max)
        if lo == hi and self._data.size:
            lo, hi = float(self._data.min()), float(self._data.max())
        if lo == hi:
            lo, hi = lo - 1, hi + 1
        if lo > hi:
            raise RuntimeError(f"histc(): max must be larger than min, got min={min}, max={max}")
        return Tensor(np.histogram(self._data, bins, range=(lo, hi))[0].astype(self._data.dtype))

    def bincount(self, weights=None, minlength=0):
        if self._data.ndim != 1 or self._data.dtype.kind not in "iu":
            raise RuntimeError(f"bincount only supports 1-d non-negative integral inputs, got a {self._data.ndim}"
                               f"-d {self._data.dtype} tensor")
        if self._data.size and self._data.min() < 0:
            raise RuntimeError("bincount only supports 1-d non-negative integral inputs")
        if weights is None:
            return Tensor(np.bincount(self._data, minlength=minlength).astype(np.int64))
        w = np.asarray(weights)
        out = np.bincount(self._data, weights=w, minlength=minlength)
        return Tensor(out.astype(w.dtype if w.dtype.kind == "f" else np.float64))

    # ----- the math library: linear algebra (mtorch/ops/linalg.py) ---------------------------------------
    def mm(self, mat2):
        _check_ndim("mm", self, 2, "self")
        _check_ndim("mm", mat2, 2, "mat2")
        return self @ mat2

    def bmm(self, mat2):
        _check_ndim("bmm", self, 3, "batch1")
        _check_ndim("bmm", mat2, 3, "batch2")
        return self @ mat2

    def mv(self, vec):
        _check_ndim("mv", self, 2, "self")
        _check_ndim("mv", vec, 1, "vec")
        return self @ vec

    def dot(self, other):
        _check_ndim("dot", self, 1, "self")
        _check_ndim("dot", other, 1, "other")
        return self @ other

    def outer(self, vec2):
        return L.Einsum.apply("i,j->ij", self, vec2)

    ger = outer

    def inverse(self):
        _check_ndim("inverse", self, 2, "A", at_least=True)
        return L.Inverse.apply(self)

    def det(self):
        _check_ndim("det", self, 2, "A", at_least=True)
        return L.Det.apply(self)

    def diagonal(self, offset=0, dim1=0, dim2=1):
        return L.Diagonal.apply(self, offset, _dim(dim1, self), _dim(dim2, self))

    def kron(self, other):
        return L.Kron.apply(self, other)

    def trace(self):
        _check_ndim("trace", self, 2, "self")
        return L.Trace.apply(self)

    def diag(self, diagonal=0):
        if self._data.ndim not in (1, 2):
            raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {self._data.ndim}D")
        return L.Diag.apply(self, diagonal)

    def tril(self, diagonal=0):
        _check_ndim("tril", self, 2, "self", at_least=True)
        return L.Triangle.apply(self, diagonal, False)

    def triu(self, diagonal=0):
        _check_ndim("triu", self, 2, "self", at_least=True)
        return L.Triangle.apply(self, diagonal, True)

    # ----- the math library: picking and reordering elements (mtorch/ops/indexing.py) ---------------------
    @numpy_names
    def gather(self, dim, index):
        dim = _dim(dim, self)
        I.check_index(self._data, dim, index._data, "gather")
        return I.Gather.apply(self, dim, index._data)

    @numpy_names
    def scatter(self, dim, index, src=None, value=None, reduce=None):
        if reduce is not None:
            raise NotImplementedError("scatter(reduce=...) is not supported by mtorch; use scatter_add or "
                                      "scatter_reduce")
        if (src is None) == (value is None):
            raise TypeError("scatter() expects either src (a Tensor) or value (a number)")
        if not isinstance(src, Tensor):  # scatter(dim, index, 1.5) fills with a number, as value= does
            src = Tensor(np.asarray(value if src is None else src, dtype=self._data.dtype))
        dim = _dim(dim, self)
        I.check_index(self._data, dim, index._data, "scatter")
        return I.Scatter.apply(self, dim, index._data, src, False)

    def scatter_(self, dim, index, src=None, value=None, reduce=None):
        return self._apply_(Tensor.scatter, dim, index, src, value, reduce)

    def scatter_add_(self, dim, index, src):
        return self._apply_(Tensor.scatter_add, dim, index, src)

    @numpy_names
    def scatter_add(self, dim, index, src):
        dim = _dim(dim, self)
        I.check_index(self._data, dim, index._data, "scatter_add")
        return I.Scatter.apply(self, dim, index._data, src, True)

    @numpy_names
    def index_select(self, dim, index):
        idx = index._data if isinstance(index, Tensor) else np.asarray(index)
        if idx.ndim > 1 or idx.dtype.kind not in "iu":
            raise IndexError(f"index_select(): Index is supposed to be a vector of integers, got {idx.ndim}-d "
                             f"{idx.dtype}")
        return I.IndexSelect.apply(self, _dim(dim, self), idx.reshape(-1))

    @numpy_names
    def index_add(self, dim, index, source, *, alpha=1):
        """self with alpha * source[i] added at index[i] along `dim` (repeated indices add up)."""
        idx = index._data if isinstance(index, Tensor) else np.asarray(index)
        source = source if alpha == 1 else source * alpha
        return I.IndexAdd.apply(self, _dim(dim, self), idx.reshape(-1), source)

    @numpy_names
    def index_fill(self, dim, index, value):
        dim = _dim(dim, self)
        mask = np.zeros(self._data.shape[dim], dtype=bool)
        mask[index._data if isinstance(index, Tensor) else index] = True
        return self.masked_fill(Tensor(mask.reshape((-1,) + (1,) * (self._data.ndim - dim - 1))), value)

    @numpy_names
    def narrow(self, dim, start, length):
        dim, start = _dim(dim, self), int(start)
        n = self._data.shape[dim]
        start = start + n if start < 0 else start
        if not 0 <= start <= n or length < 0 or start + length > n:
            raise IndexError(f"narrow(): start ({start}) + length ({length}) exceeds dimension size ({n})")
        return self[(slice(None),) * dim + (slice(start, start + length),)]

    def roll(self, shifts, dims=None):
        if dims is None:
            return I.Roll.apply(self.reshape(-1), shifts, 0).reshape(self.shape)
        dims = (dims,) if isinstance(dims, int) else tuple(dims)
        shifts = (shifts,) if isinstance(shifts, int) else tuple(shifts)
        if len(shifts) != len(dims):
            raise RuntimeError(f"roll(): shifts and dimensions must align. shifts: {len(shifts)}, dims: "
                               f"{len(dims)}")
        return I.Roll.apply(self, shifts, tuple(_dim(d, self) for d in dims))

    def flip(self, *dims):
        return I.Flip.apply(self, tuple(_dim(d, self) for d in _size_args(dims)))

    def fliplr(self):
        return self.flip(1)

    def flipud(self):
        return self.flip(0)

    @numpy_names
    def repeat_interleave(self, repeats, dim=None, output_size=None):
        counts = repeats._data if isinstance(repeats, Tensor) else np.asarray(repeats)
        x = self.reshape(-1) if dim is None else self
        dim = 0 if dim is None else _dim(dim, self)
        if counts.ndim and counts.shape != (x.shape[dim],):
            raise RuntimeError(f"repeat_interleave(): repeats must have the same size as input along dim, got "
                               f"{counts.shape[0]} and {x.shape[dim]}")
        if counts.size and counts.min() < 0:
            raise RuntimeError("repeat_interleave(): repeats can not be negative")
        return I.RepeatInterleave.apply(x, counts, dim)

    def tile(self, *dims):
        dims = _size_args(dims)
        return self.repeat((1,) * (self._data.ndim - len(dims)) + tuple(dims))

    @numpy_names
    def masked_select(self, mask):
        shape = np.broadcast_shapes(self._data.shape, mask._data.shape)
        return self.expand(shape)[np.broadcast_to(mask._data, shape)]

    def select(self, dim, index):
        return self[(slice(None),) * _dim(dim, self) + (index,)]

    def movedim(self, source, destination):
        source = [_dim(d, self) for d in ((source,) if isinstance(source, int) else source)]
        destination = [_dim(d, self) for d in ((destination,) if isinstance(destination, int) else destination)]
        order = [d for d in range(self._data.ndim) if d not in source]
        for dest, src in sorted(zip(destination, source)):  # numpy's moveaxis rule
            order.insert(dest, src)
        return self.permute(*order)

    moveaxis = movedim

    def swapaxes(self, axis0, axis1):
        return self.transpose(axis0, axis1)

    swapdims = swapaxes

    def ravel(self):
        return self.reshape(-1)

    def unbind(self, dim=0):
        dim = _dim(dim, self)
        return tuple(self[(slice(None),) * dim + (i,)] for i in range(self._data.shape[dim]))

    # ----- the math library: sorting (mtorch/ops/sorting.py) ------------------------------------------
    @numpy_names
    def sort(self, dim=-1, descending=False, stable=False):
        """(values, indices) along `dim`; always a stable sort, so `stable` changes nothing."""
        if self._data.ndim == 0:
            return MaxResult(self, Tensor(np.zeros((), np.int64)))
        return MaxResult(*O.Sort.apply(self, _dim(dim, self), descending))

    @numpy_names
    def argsort(self, dim=-1, descending=False, stable=False):
        if self._data.ndim == 0:
            return Tensor(np.zeros((), np.int64))
        return Tensor(O.sort_indices(self._data, _dim(dim, self), descending))

    @numpy_names
    def topk(self, k, dim=-1, largest=True, sorted=True):
        """The k largest (smallest) along `dim` as (values, indices), always sorted. Among equal values the
        earliest indices are taken; PyTorch leaves that choice unspecified (its CPU kernel often picks
        others), so on ties the indices, and the elements the gradient reaches, may differ from PyTorch's."""
        x = self.reshape(1) if self._data.ndim == 0 else self
        values, indices = O.TopK.apply(x, int(k), _dim(dim, x), largest)
        if self._data.ndim == 0:
            values, indices = values.reshape(()), indices.reshape(())
        return MaxResult(values, indices)

    @numpy_names
    def unique(self, sorted=True, return_inverse=False, return_counts=False, dim=None):
        """The distinct values (always sorted, whatever `sorted` says), optionally with where each
        element went (`inverse`) and how often each value occurs (`counts`)."""
        values, inverse, counts = np.unique(self._data, return_inverse=True, return_counts=True,
                                            axis=None if dim is None else _dim(dim, self))
        out = (Tensor(values),)
        if return_inverse:
            out += (Tensor(inverse.reshape(self._data.shape if dim is None else -1).astype(np.int64)),)
        if return_counts:
            out += (Tensor(counts.astype(np.int64)),)
        return out[0] if len(out) == 1 else out

    def nonzero(self, as_tuple=False):
        if as_tuple:
            return tuple(Tensor(i.astype(np.int64)) for i in np.nonzero(np.atleast_1d(self._data)))
        return Tensor(np.argwhere(self._data).astype(np.int64))

    def argwhere(self):
        return self.nonzero()

    # ----- the math library: sampling (mtorch/random.py) ---------------------------------------------
    def multinomial(self, num_samples, replacement=False, generator=None):
        return Tensor(random.multinomial(self._data, int(num_samples), replacement, rng_of(generator)))

    def bernoulli(self, p=None, generator=None):
        probs = self._data if p is None else np.full(self._data.shape, p, dtype=self._data.dtype)
        return Tensor(random.bernoulli(P.as_floating(probs), rng_of(generator)))

    def bernoulli_(self, p=0.5, generator=None):
        probs = p._data if isinstance(p, Tensor) else np.full(self._data.shape, p)
        return self._set_(Ellipsis, random.bernoulli(np.broadcast_to(probs, self._data.shape), rng_of(generator)))

    # ----- the math library: new tensors like this one ------------------------------------------------
    def new_tensor(self, data, dtype=None, device=None, requires_grad=False):
        array = np.array(data._data if isinstance(data, Tensor) else data, dtype=dtype or self._data.dtype)
        return Tensor(array).requires_grad_(requires_grad)

    def new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
        return self.new_full(_size_args(size), 0, dtype=dtype, requires_grad=requires_grad)

    def new_ones(self, *size, dtype=None, device=None, requires_grad=False):
        return self.new_full(_size_args(size), 1, dtype=dtype, requires_grad=requires_grad)

    def new_empty(self, *size, dtype=None, device=None, requires_grad=False):
        array = np.empty(_size_args(size), dtype=dtype or self._data.dtype)
        return Tensor(array).requires_grad_(requires_grad)

    def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
        return Tensor(np.full(tuple(size), fill_value, dtype=dtype or self._data.dtype)).requires_grad_(requires_grad)

    def type(self, dtype=None):
        """With no argument PyTorch's type name ('torch.FloatTensor'); with a dtype (or such a name) a cast."""
        if dtype is None:
            return f"torch.{_TORCH_NAMES[self._data.dtype.name]}Tensor"
        if isinstance(dtype, str):
            names = {f"torch.{name}Tensor": np.dtype(dt) for dt, name in _TORCH_NAMES.items()}
            if dtype not in names:
                raise ValueError(f"invalid type: {dtype!r}")
            dtype = names[dtype]
        return self.to(dtype)

    def nelement(self):
        return self._data.size

    def element_size(self):
        return self._data.itemsize

    # ----- in place --------------------------------------------------------------------------------
    # Each writes into this tensor's array (every name bound to it, and its views, see the change) and
    # bumps its version. When grad mode must record it (this tensor or an operand requires grad), the
    # op is computed out of place from a copy and this tensor takes the result's grad_fn, as in PyTorch.
    def _recording(self, operands):
        return is_grad_enabled() and (self.requires_grad or any(isinstance(o, Tensor) and o.requires_grad
                                                                for o in operands))

    def _apply_(self, fn, *operands):
        """Make this tensor `fn(self, *operands)`, in place."""
        if self._recording(operands):
            self._check_inplace()
            before = Tensor(self._data.copy())  # what this tensor was, for the recorded op to keep
            before.grad_fn, before._output_nr, before.requires_grad = self.grad_fn, self._output_nr, \
                self.requires_grad
            result = self._castable(fn(before, *operands))
            if self._view is not None:
                base, index = self._view
                if index is None:
                    raise RuntimeError("mtorch cannot record an in-place operation on a view made by reshape, "
                                       "transpose, expand or detach of a tensor in a graph; change the tensor "
                                       "itself, or clone() the view first")
                base._apply_(lambda b, r: S.SetItem.apply(b, index, r), result)  # writes our array too
                self._base_fn = base.grad_fn
            else:
                self._data[...] = result._data
                self._version[0] += 1
            self.grad_fn, self._output_nr, self.requires_grad = result.grad_fn, result._output_nr, True
            return self
        with no_grad():
            result = self._castable(fn(self, *operands))
        if result._data is not self._data:
            self._data[...] = result._data
        self._version[0] += 1
        return self

    def _check_inplace(self):
        if self.requires_grad and self.grad_fn is None:
            raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
        view = self._view
        while view is not None:
            base = view[0]
            if base.requires_grad and base.grad_fn is None:
                raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place "
                                   "operation.")
            view = base._view

    def _castable(self, result):
        """`result` in this tensor's dtype, refusing what PyTorch refuses (an int tensor += a float)."""
        if result._data.dtype != self._data.dtype:
            if dtypes.category(result._data.dtype) > dtypes.category(self._data.dtype):
                raise RuntimeError(f"result type {_TORCH_NAMES[result.dtype.name]} can't be cast to the desired "
                                   f"output type {_TORCH_NAMES[self.dtype.name]}")
            result = E.Cast.apply(result, self._data.dtype)
        if result._data.shape != self._data.shape:
            raise RuntimeError(f"output with shape {list(self._data.shape)} doesn't match the broadcast shape "
                               f"{list(result._data.shape)}")
        return result

    def add_(self, other, alpha=1):
        return self._apply_(Tensor.add, other, alpha)

    def sub_(self, other, alpha=1):
        return self._apply_(Tensor.sub, other, alpha)

    def mul_(self, other):
        return self._apply_(Tensor.__mul__, other)

    def div_(self, other, rounding_mode=None):
        return self._apply_(Tensor.div, other, rounding_mode)

    def pow_(self, exponent):
        return self._apply_(Tensor.__pow__, exponent)

    def clamp_(self, min=None, max=None):
        return self._apply_(Tensor.clamp, min, max)

    clip_ = clamp_

    def neg_(self):
        return self._apply_(Tensor.__neg__)

    def exp_(self):
        return self._apply_(Tensor.exp)

    def log_(self):
        return self._apply_(Tensor.log)

    def sqrt_(self):
        return self._apply_(Tensor.sqrt)

    def abs_(self):
        return self._apply_(Tensor.abs)

    def tanh_(self):
        return self._apply_(Tensor.tanh)

    def sigmoid_(self):
        return self._apply_(Tensor.sigmoid)

    def relu_(self):
        return self._apply_(Tensor.relu)

    # the math library's in-place forms (mtorch/ops/pointwise.py, linalg.py, indexing.py)
    def sin_(self):
        return self._apply_(Tensor.sin)

    def cos_(self):
        return self._apply_(Tensor.cos)

    def tan_(self):
        return self._apply_(Tensor.tan)

    def sinh_(self):
        return self._apply_(Tensor.sinh)

    def cosh_(self):
        return self._apply_(Tensor.cosh)

    def atan_(self):
        return self._apply_(Tensor.atan)

    def log2_(self):
        return self._apply_(Tensor.log2)

    def log10_(self):
        return self._apply_(Tensor.log10)

    def log1p_(self):
        return self._apply_(Tensor.log1p)

    def expm1_(self):
        return self._apply_(Tensor.expm1)

    def erf_(self):
        return self._apply_(Tensor.erf)

    def reciprocal_(self):
        return self._apply_(Tensor.reciprocal)

    def rsqrt_(self):
        return self._apply_(Tensor.rsqrt)

    def square_(self):
        return self._apply_(Tensor.square)

    def sign_(self):
        return self._apply_(Tensor.sign)

    def floor_(self):
        return self._apply_(Tensor.floor)

    def ceil_(self):
        return self._apply_(Tensor.ceil)

    def trunc_(self):
        return self._apply_(Tensor.trunc)

    def frac_(self):
        return self._apply_(Tensor.frac)

    def round_(self, decimals=0):
        return self._apply_(Tensor.round, decimals)

    def nan_to_num_(self, nan=0.0, posinf=None, neginf=None):
        return self._apply_(Tensor.nan_to_num, nan, posinf, neginf)

    def fmod_(self, other):
        return self._apply_(Tensor.fmod, other)

    def remainder_(self, other):
        return self._apply_(Tensor.remainder, other)

    def __imod__(self, other):
        return self.remainder_(other)

    def lerp_(self, end, weight):
        return self._apply_(Tensor.lerp, end, weight)

    def tril_(self, diagonal=0):
        return self._apply_(Tensor.tril, diagonal)

    def triu_(self, diagonal=0):
        return self._apply_(Tensor.triu, diagonal)

    def index_add_(self, dim, index, source, *, alpha=1):
        return self._apply_(lambda x, src: x.index_add(dim, index, src, alpha=alpha), source)

    def index_fill_(self, dim, index, value):
        return self._apply_(Tensor.index_fill, dim, index, value)

    def _take_shape_(self, result):
        """unsqueeze_, squeeze_, t_, transpose_: this tensor becomes `result` (a view of its own array), and
        takes its place in the graph when grad mode records it."""
        if is_grad_enabled() and self.requires_grad:
            self._check_inplace()
            self.grad_fn, self._output_nr = result.grad_fn, result._output_nr
        self._data = result._data
        self._version[0] += 1
        return self

    def unsqueeze_(self, dim):
        return self._take_shape_(self.unsqueeze(dim))

    def squeeze_(self, dim=None):
        return self._take_shape_(self.squeeze(dim))

    def t_(self):
        return self._take_shape_(self.t())

    def transpose_(self, dim0, dim1):
        return self._take_shape_(self.transpose(dim0, dim1))

    def __iadd__(self, other):
        return self.add_(other)

    def __isub__(self, other):
        return self.sub_(other)

    def __imul__(self, other):
        return self.mul_(other)

    def __itruediv__(self, other):
        return self.div_(other)

    def __ipow__(self, other):
        return self.pow_(other)

    # `a @= b` is left to Python, which makes it `a = a @ b`, as PyTorch does (it has no in-place matmul).

    def _set_(self, index, value):
        """self[index] = value, in place; value a Tensor, a number or an array."""
        if not isinstance(value, Tensor):
            value = Tensor(np.asarray(value))
        if not self._recording((value,)):
            self._data[index] = value._data
            self._version[0] += 1
            return self
        if value._data.dtype != self._data.dtype:
            value = E.Cast.apply(value, self._data.dtype)
        return self._apply_(lambda s, v: S.SetItem.apply(s, index, v), value)

    def __setitem__(self, index, value):
        self._set_(_index(index), value)

    def zero_(self):
        return self._set_(Ellipsis, 0)

    def fill_(self, value):
        return self._set_(Ellipsis, value)

    def copy_(self, src, non_blocking=False):
        return self._set_(Ellipsis, src)

    def masked_fill_(self, mask, value):
        return self._set_(np.broadcast_to(_index(mask), self._data.shape), value)

    def uniform_(self, a=0.0, b=1.0, generator=None):
        return self._set_(Ellipsis, rng_of(generator).uniform(a, b, self._data.shape))

    def normal_(self, mean=0.0, std=1.0, generator=None):
        return self._set_(Ellipsis, rng_of(generator).normal(mean, std, self._data.shape))


_TORCH_NAMES = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
                "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}

register_tensor_class(Tensor)


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
