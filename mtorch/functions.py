"""`mtorch.exp(x)`, `mtorch.cat(xs)`, ...: the function forms of Tensor methods, as in PyTorch."""

import numpy as np

from . import dtypes
from .autograd.grad_mode import is_grad_enabled
from .ops import linalg as L
from .ops import shape as S
from .random import rng_of
from .tensor import _TORCH_NAMES, Tensor, _where, numpy_names


def _out(result, out):
    """PyTorch's `out=`: the result written into `out` (resized if its shape differs), and `out` returned."""
    if out is None:
        return result
    if is_grad_enabled() and (result.requires_grad or out.requires_grad):
        raise RuntimeError("functions with out=... arguments don't support automatic differentiation, but one of "
                           "the arguments requires grad.")
    if dtypes.category(result.dtype) > dtypes.category(out.dtype):
        raise RuntimeError(f"result type {_TORCH_NAMES[result.dtype.name]} can't be cast to the desired output "
                           f"type {_TORCH_NAMES[out.dtype.name]}")
    if out.shape == result.shape:
        return out.copy_(result)
    out.data = result.numpy().astype(out.dtype)  # PyTorch resizes an `out` of another shape
    return out


def _sorted_out(result, out):
    """`out=(values, indices)` of sort, topk, max(dim), cummax: each written like `out=`, and returned."""
    if out is None:
        return result
    return type(result)(*(_out(r, o) for r, o in zip(result, out)))


def _promoted(tensors):
    """The tensors of cat/stack in their result dtype (int64 with float32 is float32, as in PyTorch)."""
    tensors = list(tensors)
    dtype = dtypes.result_type(*tensors) if tensors else None
    return [t if t._data.dtype == dtype else t.to(dtype) for t in tensors]


@numpy_names
def cat(tensors, dim=0, *, out=None):
    return _out(S.Cat.apply(dim, *_promoted(tensors)), out)


concat = cat


@numpy_names
def stack(tensors, dim=0, *, out=None):
    return _out(S.Stack.apply(dim, *_promoted(tensors)), out)


def where(condition, input, other):
    """Element-wise `input if condition else other` (promoted like a binary op); differentiable in both."""
    return _where(condition, input, other)


def is_tensor(obj):
    return isinstance(obj, Tensor)



# ----- element-wise ----------------------------------------------------------------------------------
def exp(input, *, out=None):
    return _out(input.exp(), out)


def log(input, *, out=None):
    return _out(input.log(), out)


def sqrt(input, *, out=None):
    return _out(input.sqrt(), out)


def abs(input, *, out=None):
    return _out(input.abs(), out)


def neg(input, *, out=None):
    return _out(-input, out)


def clamp(input, min=None, max=None, *, out=None):
    return _out(input.clamp(min, max), out)


clip = clamp


def tanh(input, *, out=None):
    return _out(input.tanh(), out)


def sigmoid(input, *, out=None):
    return _out(input.sigmoid(), out)


def relu(input):
    return input.relu()


def relu_(input):
    return input.relu_()


@numpy_names
def softmax(input, dim, dtype=None):
    return input.softmax(dim, dtype=dtype)


@numpy_names
def log_softmax(input, dim, dtype=None):
    return input.log_softmax(dim, dtype=dtype)


# ----- arithmetic (a Python number works as either operand) ------------------------------------------
def add(input, other, alpha=1, *, out=None):
    result = input.add(other, alpha) if isinstance(input, Tensor) else input + (other * alpha if alpha != 1 else other)
    return _out(result, out)


def sub(input, other, alpha=1, *, out=None):
    result = input.sub(other, alpha) if isinstance(input, Tensor) else input - (other * alpha if alpha != 1 else other)
    return _out(result, out)


def mul(input, other, *, out=None):
    return _out(input * other, out)


def div(input, other, rounding_mode=None, *, out=None):
    return _out(input.div(other, rounding_mode) if isinstance(input, Tensor) else input / other, out)



def matmul(input, other, *, out=None):
    return _out(input @ other, out)





# ----- comparisons -----------------------------------------------------------------------------------
def eq(input, other):
    return input == other


def ne(input, other):
    return input != other


def lt(input, other):
    return input < other


def le(input, other):
    return input <= other


def gt(input, other):
    return input > other


def ge(input, other):
    return input >= other





def equal(input, other):
    return input.equal(other)




# ----- reductions ------------------------------------------------------------------------------------
@numpy_names
def sum(input, dim=None, keepdim=False, dtype=None, *, out=None):
    return _out(input.sum(dim, keepdim, dtype), out)


@numpy_names
def mean(input, dim=None, keepdim=False, dtype=None, *, out=None):
    return _out(input.mean(dim, keepdim, dtype), out)


@numpy_names
def var(input, dim=None, unbiased=None, keepdim=False, correction=None, *, out=None):
    return _out(input.var(dim, unbiased, keepdim, correction), out)


@numpy_names
def std(input, dim=None, unbiased=None, keepdim=False, correction=None, *, out=None):
    return _out(input.std(dim, unbiased, keepdim, correction), out)


@numpy_names
def max(input, dim=None, keepdim=False, *, out=None):
    result = input.max(dim, keepdim)
    return _sorted_out(result, out) if isinstance(result, tuple) else _out(result, out)


@numpy_names
def min(input, dim=None, keepdim=False, *, out=None):
    result = input.min(dim, keepdim)
    return _sorted_out(result, out) if isinstance(result, tuple) else _out(result, out)


@numpy_names
def amax(input, dim=None, keepdim=False, *, out=None):
    return _out(input.amax(dim, keepdim), out)


@numpy_names
def argmax(input, dim=None, keepdim=False):
    return input.argmax(dim, keepdim)


@numpy_names
def argmin(input, dim=None, keepdim=False):
    return input.argmin(dim, keepdim)


# ----- shape -----------------------------------------------------------------------------------------
def reshape(input, shape):
    return input.reshape(shape)


def flatten(input, start_dim=0, end_dim=-1):
    return input.flatten(start_dim, end_dim)


@numpy_names
def squeeze(input, dim=None):
    return input.squeeze(dim)


@numpy_names
def unsqueeze(input, dim):
    return input.unsqueeze(dim)


def transpose(input, dim0, dim1):
    return input.transpose(dim0, dim1)


def permute(input, dims):
    return input.permute(dims)


def t(input):
    return input.t()





__all__ = ["cat", "concat", "stack", "where", "is_tensor", "exp", "log", "sqrt", "abs", "neg", "clamp", "clip", "tanh",
           "sigmoid", "relu", "relu_", "softmax", "log_softmax", "add", "sub", "mul", "div", "matmul", "eq", "ne",
           "lt", "le", "gt", "ge", "equal", "sum", "mean", "var", "std", "max", "min", "amax", "argmax", "argmin",
           "reshape", "flatten", "squeeze", "unsqueeze", "transpose", "permute", "t"]


# ----- the math library (the Tensor methods of the same names hold the code) ---------------------------


def sin(input, *, out=None):
    return _out(input.sin(), out)


def cos(input, *, out=None):
    return _out(input.cos(), out)


def tan(input, *, out=None):
    return _out(input.tan(), out)


def asin(input, *, out=None):
    return _out(input.asin(), out)


def acos(input, *, out=None):
    return _out(input.acos(), out)


def atan(input, *, out=None):
    return _out(input.atan(), out)


def sinh(input, *, out=None):
    return _out(input.sinh(), out)


def cosh(input, *, out=None):
    return _out(input.cosh(), out)


def asinh(input, *, out=None):
    return _out(input.asinh(), out)


def acosh(input, *, out=None):
    return _out(input.acosh(), out)


def atanh(input, *, out=None):
    return _out(input.atanh(), out)


def arcsin(input, *, out=None):
    return _out(input.arcsin(), out)


def arccos(input, *, out=None):
    return _out(input.arccos(), out)


def arctan(input, *, out=None):
    return _out(input.arctan(), out)


def arcsinh(input, *, out=None):
    return _out(input.arcsinh(), out)


def arccosh(input, *, out=None):
    return _out(input.arccosh(), out)


def arctanh(input, *, out=None):
    return _out(input.arctanh(), out)


def log2(input, *, out=None):
    return _out(input.log2(), out)


def log10(input, *, out=None):
    return _out(input.log10(), out)


def log1p(input, *, out=None):
    return _out(input.log1p(), out)


def expm1(input, *, out=None):
    return _out(input.expm1(), out)


def erf(input, *, out=None):
    return _out(input.erf(), out)


def erfc(input, *, out=None):
    return _out(input.erfc(), out)


def reciprocal(input, *, out=None):
    return _out(input.reciprocal(), out)


def rsqrt(input, *, out=None):
    return _out(input.rsqrt(), out)


def square(input, *, out=None):
    return _out(input.square(), out)


def sign(input, *, out=None):
    return _out(input.sign(), out)


def floor(input, *, out=None):
    return _out(input.floor(), out)


def ceil(input, *, out=None):
    return _out(input.ceil(), out)


def trunc(input, *, out=None):
    return _out(input.trunc(), out)


def fix(input, *, out=None):
    return _out(input.fix(), out)


def frac(input, *, out=None):
    return _out(input.frac(), out)


def isinf(input, *, out=None):
    return _out(input.isinf(), out)


def isposinf(input, *, out=None):
    return _out(input.isposinf(), out)


def isneginf(input, *, out=None):
    return _out(input.isneginf(), out)


def round(input, *, decimals=0, out=None):
    return _out(input.round(decimals=decimals), out)


def nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None):
    return _out(input.nan_to_num(nan, posinf, neginf), out)


def _tensor_first(input, other):
    """`f(2.0, t)`: a number first operand as a 0-d tensor, so the method of the tensor form applies."""
    return input if isinstance(input, Tensor) else Tensor(np.asarray(input))


def atan2(input, other, *, out=None):
    return _out(_tensor_first(input, other).atan2(other), out)


def arctan2(input, other, *, out=None):
    return _out(_tensor_first(input, other).arctan2(other), out)


def fmod(input, other, *, out=None):
    return _out(_tensor_first(input, other).fmod(other), out)


def remainder(input, other, *, out=None):
    return _out(_tensor_first(input, other).remainder(other), out)


def maximum(input, other, *, out=None):
    return _out(_tensor_first(input, other).maximum(other), out)


def minimum(input, other, *, out=None):
    return _out(_tensor_first(input, other).minimum(other), out)


def hypot(input, other, *, out=None):
    return _out(_tensor_first(input, other).hypot(other), out)


def pow(input, exponent, *, out=None):
    return _out(_tensor_first(input, exponent) ** exponent, out)


def lerp(input, end, weight, *, out=None):
    return _out(input.lerp(end, weight), out)


def isnan(input):
    return input.isnan()


def isfinite(input):
    return input.isfinite()


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return input.isclose(other, rtol, atol, equal_nan)


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return input.allclose(other, rtol, atol, equal_nan)


@numpy_names
def cumsum(input, dim, *, dtype=None, out=None):
    return _out(input.cumsum(dim, dtype=dtype), out)


@numpy_names
def cumprod(input, dim, *, dtype=None, out=None):
    return _out(input.cumprod(dim, dtype=dtype), out)


@numpy_names
def cummax(input, dim, *, out=None):
    return _sorted_out(input.cummax(dim), out)


@numpy_names
def cummin(input, dim, *, out=None):
    return _sorted_out(input.cummin(dim), out)


@numpy_names
def prod(input, dim=None, keepdim=False, *, dtype=None, out=None):
    return _out(input.prod(dim, keepdim, dtype=dtype), out)


@numpy_names
def logsumexp(input, dim, keepdim=False, *, out=None):
    return _out(input.logsumexp(dim, keepdim), out)


def norm(input, p="fro", dim=None, keepdim=False, out=None, dtype=None):
    return _out(input.norm(p, dim, keepdim, dtype), out)


def dist(input, other, p=2):
    return input.dist(other, p)


@numpy_names
def count_nonzero(input, dim=None):
    return input.count_nonzero(dim)


@numpy_names
def all(input, dim=None, keepdim=False, *, out=None):
    return _out(input.all(dim, keepdim), out)


@numpy_names
def any(input, dim=None, keepdim=False, *, out=None):
    return _out(input.any(dim, keepdim), out)


def histc(input, bins=100, min=0, max=0, *, out=None):
    return _out(input.histc(bins, min, max), out)


def bincount(input, weights=None, minlength=0):
    return input.bincount(weights, minlength)


def mm(input, mat2, *, out=None):
    return _out(input.mm(mat2), out)


def bmm(input, mat2, *, out=None):
    return _out(input.bmm(mat2), out)


def mv(input, vec, *, out=None):
    return _out(input.mv(vec), out)


def dot(input, other, *, out=None):
    return _out(input.dot(other), out)


def outer(input, vec2, *, out=None):
    return _out(input.outer(vec2), out)


ger = outer


def kron(input, other, *, out=None):
    return _out(input.kron(other), out)


def trace(input):
    return input.trace()


def diag(input, diagonal=0, *, out=None):
    return _out(input.diag(diagonal), out)


def tril(input, diagonal=0, *, out=None):
    return _out(input.tril(diagonal), out)


def triu(input, diagonal=0, *, out=None):
    return _out(input.triu(diagonal), out)


def einsum(equation, *operands):
    """`einsum("ij,jk->ik", a, b)`; the operands may also come as one list."""
    if not isinstance(equation, str):
        raise TypeError("einsum(): the first argument must be the equation string (mtorch does not support "
                        "the sublist form einsum(a, [0, 1], b, [1, 2]))")
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    return L.Einsum.apply(equation, *operands)


def meshgrid(*tensors, indexing=None):
    """Coordinate grids: with indexing='ij' output i varies along dim i; 'xy' swaps the first two dims.
    Without `indexing`, 'ij' (PyTorch's default)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing not in (None, "ij", "xy"):
        raise ValueError(f"meshgrid: indexing must be one of 'xy' or 'ij', got {indexing!r}")
    shape = tuple(t.numel() for t in tensors)
    grids = tuple(t.reshape((1,) * i + (-1,) + (1,) * (len(tensors) - i - 1)).expand(shape)
                  for i, t in enumerate(tensors))
    return tuple(g.transpose(0, 1) for g in grids) if indexing == "xy" and len(tensors) >= 2 else grids


@numpy_names
def gather(input, dim, index, *, out=None):
    return _out(input.gather(dim, index), out)


@numpy_names
def scatter(input, dim, index, src=None, value=None, *, reduce=None, out=None):
    return _out(input.scatter(dim, index, src, value, reduce=reduce), out)


@numpy_names
def scatter_add(input, dim, index, src, *, out=None):
    return _out(input.scatter_add(dim, index, src), out)


@numpy_names
def index_select(input, dim, index, *, out=None):
    return _out(input.index_select(dim, index), out)


def masked_fill(input, mask, value):
    return input.masked_fill(mask, value)


@numpy_names
def narrow(input, dim, start, length):
    return input.narrow(dim, start, length)


def roll(input, shifts, dims=None):
    return input.roll(shifts, dims)


def flip(input, dims):
    return input.flip(dims)


def fliplr(input):
    return input.fliplr()


def flipud(input):
    return input.flipud()


@numpy_names
def chunk(input, chunks, dim=0):
    return input.chunk(chunks, dim)


def split(tensor, split_size_or_sections, dim=0):
    return tensor.split(split_size_or_sections, dim)


@numpy_names
def unbind(input, dim=0):
    return input.unbind(dim)


@numpy_names
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each element repeated; `repeat_interleave(counts)` alone repeats the index i counts[i] times."""
    if repeats is None:
        return Tensor(np.arange(input.numel(), dtype=np.int64)).repeat_interleave(input)
    return input.repeat_interleave(repeats, dim, output_size=output_size)


def tile(input, dims):
    return input.tile(dims)


@numpy_names
def sort(input, dim=-1, descending=False, stable=False, *, out=None):
    return _sorted_out(input.sort(dim, descending, stable), out)


@numpy_names
def argsort(input, dim=-1, descending=False, stable=False):
    return input.argsort(dim, descending, stable)


@numpy_names
def topk(input, k, dim=-1, largest=True, sorted=True, *, out=None):
    return _sorted_out(input.topk(k, dim, largest, sorted), out)


@numpy_names
def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    return input.unique(sorted, return_inverse, return_counts, dim)


def nonzero(input, *, out=None, as_tuple=False):
    return input.nonzero(as_tuple) if as_tuple else _out(input.nonzero(), out)


def argwhere(input):
    return input.argwhere()


def numel(input):
    return input.numel()


def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    return _out(input.multinomial(num_samples, replacement, generator=generator), out)


def bernoulli(input, p=None, *, generator=None, out=None):
    return _out(input.bernoulli(p, generator=generator), out)


def poisson(input, generator=None):
    """Poisson samples with the rates in `input`."""
    return Tensor(rng_of(generator).poisson(input.numpy()).astype(input.dtype))


__all__ += ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh", "arcsin",
            "arccos", "arctan", "arcsinh", "arccosh", "arctanh", "log2", "log10", "log1p", "expm1", "erf", "erfc",
            "reciprocal", "rsqrt", "square", "sign", "floor", "ceil", "trunc", "fix", "frac", "isinf", "isposinf",
            "isneginf", "round", "nan_to_num", "atan2", "arctan2", "fmod", "remainder", "maximum", "minimum", "hypot",
            "pow", "lerp", "isnan", "isfinite", "isclose", "allclose", "cumsum", "cumprod", "cummax", "cummin",
            "prod", "logsumexp", "norm", "dist", "count_nonzero", "all", "any", "histc", "bincount", "mm", "bmm",
            "mv", "dot", "outer", "ger", "kron", "trace", "diag", "tril", "triu", "einsum", "meshgrid", "gather",
            "scatter", "scatter_add", "index_select", "masked_fill", "narrow", "roll", "flip", "fliplr", "flipud",
            "chunk", "split", "unbind", "repeat_interleave", "tile", "sort", "argsort", "topk", "unique", "nonzero",
            "argwhere", "numel", "multinomial", "bernoulli", "poisson"]


# ----- more of PyTorch's math library ------------------------------------------------------------------


def exp2(input, *, out=None):
    return _out(input.exp2(), out)


def deg2rad(input, *, out=None):
    return _out(input.deg2rad(), out)


def rad2deg(input, *, out=None):
    return _out(input.rad2deg(), out)


def logaddexp(input, other, *, out=None):
    return _out(input.logaddexp(other), out)


def logical_and(input, other, *, out=None):
    return _out(input.logical_and(other), out)


def logical_or(input, other, *, out=None):
    return _out(input.logical_or(other), out)


def logical_xor(input, other, *, out=None):
    return _out(input.logical_xor(other), out)


def logical_not(input, *, out=None):
    return _out(input.logical_not(), out)


def clamp_min(input, min):
    return input.clamp_min(min)


def clamp_max(input, max):
    return input.clamp_max(max)


@numpy_names
def amin(input, dim=None, keepdim=False, *, out=None):
    return _out(input.amin(dim, keepdim), out)


@numpy_names
def nansum(input, dim=None, keepdim=False, *, dtype=None):
    return input.nansum(dim, keepdim, dtype)


@numpy_names
def nanmean(input, dim=None, keepdim=False, *, dtype=None, out=None):
    return _out(input.nanmean(dim, keepdim, dtype), out)


@numpy_names
def median(input, dim=None, keepdim=False, *, out=None):
    result = input.median(dim, keepdim)
    return _sorted_out(result, out) if isinstance(result, tuple) else _out(result, out)


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return input.std(dim, unbiased, keepdim, correction), input.mean(dim, keepdim)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return input.var(dim, unbiased, keepdim, correction), input.mean(dim, keepdim)


@numpy_names
def diff(input, n=1, dim=-1, prepend=None, append=None):
    return input.diff(n, dim, prepend, append)


def inverse(input, *, out=None):
    return _out(input.inverse(), out)


def det(input):
    return input.det()


def diagonal(input, offset=0, dim1=0, dim2=1):
    return input.diagonal(offset, dim1, dim2)


def masked_select(input, mask, *, out=None):
    return _out(input.masked_select(mask), out)


@numpy_names
def select(input, dim, index):
    return input.select(dim, index)


def movedim(input, source, destination):
    return input.movedim(source, destination)


moveaxis = movedim


def swapaxes(input, axis0, axis1):
    return input.swapaxes(axis0, axis1)


swapdims = swapaxes


def ravel(input):
    return input.ravel()


def tensordot(a, b, dims=2, out=None):
    """Sum over the last `dims` dims of a and the first of b, or over the dims listed in `dims=(da, db)`."""
    if isinstance(dims, int):
        dims = (list(range(a.ndim - dims, a.ndim)), list(range(dims)))
    da, db = ([d] if isinstance(d, int) else list(d) for d in dims)
    letters = iter("abcdefghijklmnopqrstuvwxyz")
    sa = [next(letters) for _ in range(a.ndim)]
    sb = [next(letters) for _ in range(b.ndim)]
    for i, j in zip(da, db):
        sb[j % b.ndim] = sa[i % a.ndim]
    contracted = {sa[i % a.ndim] for i in da}
    result = "".join(c for c in sa if c not in contracted) + "".join(c for c in sb if c not in contracted)
    return _out(L.Einsum.apply("".join(sa) + "," + "".join(sb) + "->" + result, a, b), out)


def inner(input, other, *, out=None):
    if input.ndim == 0 or other.ndim == 0:
        return _out(input * other, out)
    return tensordot(input, other, ([-1], [-1]), out=out)


def addmm(input, mat1, mat2, *, beta=1, alpha=1, out=None):
    """beta * input + alpha * (mat1 @ mat2); with beta = 0, input is ignored (its nan too), as in PyTorch."""
    product = mat1.mm(mat2) * alpha if alpha != 1 else mat1.mm(mat2)
    return _out(product if beta == 0 else input * beta + product if beta != 1 else input + product, out)


def addmv(input, mat, vec, *, beta=1, alpha=1, out=None):
    product = mat.mv(vec) * alpha if alpha != 1 else mat.mv(vec)
    return _out(product if beta == 0 else input * beta + product if beta != 1 else input + product, out)


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None):
    product = batch1.bmm(batch2) * alpha if alpha != 1 else batch1.bmm(batch2)
    return _out(product if beta == 0 else input * beta + product if beta != 1 else input + product, out)


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None, out=None):
    """Where each value would be inserted to keep the (last dim of) `sorted_sequence` sorted."""
    if sorter is not None:
        raise NotImplementedError("searchsorted(sorter=...) is not supported by mtorch")
    right = side == "right" if side is not None else right
    seq = sorted_sequence.numpy()
    values = input.numpy() if isinstance(input, Tensor) else np.asarray(input)
    if seq.ndim == 1:
        found = np.searchsorted(seq, values, side="right" if right else "left")
    else:  # one sorted row per row of values: count the elements before each value
        before = seq[..., None, :] <= values[..., :, None] if right else seq[..., None, :] < values[..., :, None]
        found = before.sum(axis=-1)
    return _out(Tensor(np.asarray(found, dtype=np.int32 if out_int32 else np.int64)), out)


def bucketize(input, boundaries, *, out_int32=False, right=False, out=None):
    """The index of the bucket of each value: boundaries[i-1] < x <= boundaries[i] (right=False)."""
    if boundaries.ndim != 1:
        raise RuntimeError(f"bucketize: boundaries tensor must be 1 dimension, but got dim({boundaries.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right, out=out)


def atleast_1d(*tensors):
    out = tuple(t.reshape(1) if t.ndim == 0 else t for t in _flat(tensors))
    return out[0] if len(out) == 1 else out


def atleast_2d(*tensors):
    out = tuple(t.reshape((1,) * (2 - t.ndim) + tuple(t.shape)) if t.ndim < 2 else t for t in _flat(tensors))
    return out[0] if len(out) == 1 else out


def atleast_3d(*tensors):
    def three(t):
        if t.ndim == 0:
            return t.reshape(1, 1, 1)
        if t.ndim == 1:
            return t.reshape(1, -1, 1)
        return t.unsqueeze(-1) if t.ndim == 2 else t

    out = tuple(three(t) for t in _flat(tensors))
    return out[0] if len(out) == 1 else out


def _flat(tensors):
    return tuple(tensors[0]) if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)) else tensors


def hstack(tensors, *, out=None):
    tensors = [atleast_1d(t) for t in tensors]
    return cat(tensors, 0 if tensors[0].ndim == 1 else 1, out=out)


def vstack(tensors, *, out=None):
    return cat([atleast_2d(t) for t in tensors], 0, out=out)


row_stack = vstack


def dstack(tensors, *, out=None):
    return cat([atleast_3d(t) for t in tensors], 2, out=out)


def column_stack(tensors, *, out=None):
    return cat([t.reshape(-1, 1) if t.ndim < 2 else t for t in tensors], 1, out=out)


@numpy_names
def index_add(input, dim, index, source, *, alpha=1, out=None):
    return _out(input.index_add(dim, index, source, alpha=alpha), out)


@numpy_names
def index_fill(input, dim, index, value):
    return input.index_fill(dim, index, value)


__all__ += ["index_add", "index_fill", "exp2", "deg2rad", "rad2deg", "logaddexp", "logical_and", "logical_or",
            "logical_xor", "logical_not", "clamp_min", "clamp_max", "amin", "nansum", "nanmean", "median", "std_mean",
            "var_mean", "diff", "inverse", "det", "diagonal", "masked_select", "select", "movedim", "moveaxis",
            "swapaxes", "swapdims", "ravel", "tensordot", "inner", "addmm", "addmv", "baddbmm", "searchsorted",
            "bucketize", "atleast_1d", "atleast_2d", "atleast_3d", "hstack", "vstack", "row_stack", "dstack",
            "column_stack"]
