"""Tensor: a numpy array that remembers, when asked to, how it was computed.

Every differentiable method below calls one `Function` from `mtorch.ops`, where its forward and
backward are written out. `.backward()` hands the graph to `mtorch.autograd.engine`.
"""

import numpy as np

from . import dtypes
from .autograd import engine
from .autograd.function import RemovableHandle, register_tensor_class
from .autograd.grad_mode import is_grad_enabled, no_grad
from .devices import CPU, cpu_only
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


class Tensor:
    __slots__ = ("_data", "requires_grad", "grad", "grad_fn", "_output_nr", "_version", "_view", "_hooks",
                 "_accumulator", "__weakref__")

    def __init__(self, data, requires_grad=False):
        self._data = data if isinstance(data, np.ndarray) else np.asarray(data)
        self.requires_grad = requires_grad
        self.grad = None
        self.grad_fn = None
        self._output_nr = 0
        self._version = [0]  # bumped by every in-place change; shared with the views of this array
        self._view = None  # (base Tensor, index or None) when this tensor is a view of base's array
        self._hooks = None  # a leaf's {0: [hooks]} (a non-leaf's hooks live on its grad_fn)
        self._accumulator = None  # weak ref to this leaf's AccumulateGrad node

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

    def contiguous(self):
        return self

    def clone(self):
        return E.Clone.apply(self)

    # ----- arithmetic ----------------------------------------------------------------------------
    def __add__(self, other):
        return _binary(A.Add, self, other)

    def __radd__(self, other):
        return _rbinary(A.Add, self, other)

    def _refuse_bool(self, other, what):
        if self._data.dtype == np.bool_ or isinstance(other, Tensor) and other._data.dtype == np.bool_:
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
        return Tensor(a._data // b._data)

    def __rfloordiv__(self, other):
        a, b = _operands(self, other)
        return Tensor(b._data // a._data)

    def __mod__(self, other):
        a, b = _operands(self, other)
        return Tensor(a._data % b._data)

    def __rmod__(self, other):
        a, b = _operands(self, other)
        return Tensor(b._data % a._data)

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
    mm = __matmul__

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
            return _where(self >= other if largest else self <= other, self, other)
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

    def softmax(self, dim, dtype=None):
        x = self if dtype is None else self.to(dtype)
        return R.Softmax.apply(x, dim)

    def log_softmax(self, dim, dtype=None):
        x = self if dtype is None else self.to(dtype)
        return R.LogSoftmax.apply(x, dim)

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
        index = _index(index)
        out = S.GetItem.apply(self, index)
        if out._view is not None and _is_basic(index):
            out._view = (self, index)  # a slice: an in-place change to it is recorded on self too
        return out

    def masked_fill(self, mask, value):
        return _where(mask, Tensor(np.asarray(value._data if isinstance(value, Tensor) else value,
                                              dtype=self._data.dtype)), self)

    def where(self, condition, other):
        return _where(condition, self, other)

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
