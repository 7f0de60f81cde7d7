"""`mtorch.exp(x)`, `mtorch.cat(xs)`, ...: the function forms of Tensor methods, as in PyTorch."""

from .ops import shape as S
from .tensor import Tensor, _where


def cat(tensors, dim=0):
    return S.Cat.apply(dim, *tensors)


concat = cat


def stack(tensors, dim=0):
    return S.Stack.apply(dim, *tensors)


def where(condition, input, other):
    """Element-wise `input if condition else other` (promoted like a binary op); differentiable in both."""
    return _where(condition, input, other)


def is_tensor(obj):
    return isinstance(obj, Tensor)


def numel(input):
    return input.numel()


# ----- element-wise ----------------------------------------------------------------------------------
def exp(input):
    return input.exp()


def log(input):
    return input.log()


def sqrt(input):
    return input.sqrt()


def abs(input):
    return input.abs()


def neg(input):
    return -input


def clamp(input, min=None, max=None):
    return input.clamp(min, max)


clip = clamp


def tanh(input):
    return input.tanh()


def sigmoid(input):
    return input.sigmoid()


def relu(input):
    return input.relu()


def softmax(input, dim, dtype=None):
    return input.softmax(dim, dtype=dtype)


def log_softmax(input, dim, dtype=None):
    return input.log_softmax(dim, dtype=dtype)


# ----- arithmetic (a Python number works as either operand) ------------------------------------------
def add(input, other, alpha=1):
    return input.add(other, alpha) if isinstance(input, Tensor) else input + (other * alpha if alpha != 1 else other)


def sub(input, other, alpha=1):
    return input.sub(other, alpha) if isinstance(input, Tensor) else input - (other * alpha if alpha != 1 else other)


def mul(input, other):
    return input * other


def div(input, other, rounding_mode=None):
    return input.div(other, rounding_mode) if isinstance(input, Tensor) else input / other


def pow(input, exponent):
    return input**exponent


def matmul(input, other):
    return input @ other


def mm(input, mat2):
    return input @ mat2


def maximum(input, other):
    return _where(input >= other, input, other)


def minimum(input, other):
    return _where(input <= other, input, other)


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


def isnan(input):
    return input.isnan()


def isfinite(input):
    return input.isfinite()


def allclose(input, other, rtol=1e-5, atol=1e-8):
    return input.allclose(other, rtol, atol)


def equal(input, other):
    return input.equal(other)


def all(input, dim=None):
    return input.all(dim)


def any(input, dim=None):
    return input.any(dim)


# ----- reductions ------------------------------------------------------------------------------------
def sum(input, dim=None, keepdim=False, dtype=None):
    return input.sum(dim, keepdim, dtype)


def mean(input, dim=None, keepdim=False, dtype=None):
    return input.mean(dim, keepdim, dtype)


def var(input, dim=None, unbiased=None, keepdim=False, correction=None):
    return input.var(dim, unbiased, keepdim, correction)


def std(input, dim=None, unbiased=None, keepdim=False, correction=None):
    return input.std(dim, unbiased, keepdim, correction)


def max(input, dim=None, keepdim=False):
    return input.max(dim, keepdim)


def min(input, dim=None, keepdim=False):
    return input.min(dim, keepdim)


def amax(input, dim=None, keepdim=False):
    return input.amax(dim, keepdim)


def argmax(input, dim=None, keepdim=False):
    return input.argmax(dim, keepdim)


def argmin(input, dim=None, keepdim=False):
    return input.argmin(dim, keepdim)


# ----- shape -----------------------------------------------------------------------------------------
def reshape(input, shape):
    return input.reshape(shape)


def flatten(input, start_dim=0, end_dim=-1):
    return input.flatten(start_dim, end_dim)


def squeeze(input, dim=None):
    return input.squeeze(dim)


def unsqueeze(input, dim):
    return input.unsqueeze(dim)


def transpose(input, dim0, dim1):
    return input.transpose(dim0, dim1)


def permute(input, dims):
    return input.permute(dims)


def t(input):
    return input.t()


def split(tensor, split_size_or_sections, dim=0):
    return tensor.split(split_size_or_sections, dim)


def chunk(input, chunks, dim=0):
    return input.chunk(chunks, dim)


def masked_fill(input, mask, value):
    return input.masked_fill(mask, value)


__all__ = ["cat", "concat", "stack", "where", "is_tensor", "numel", "exp", "log", "sqrt", "abs", "neg", "clamp",
           "clip", "tanh", "sigmoid", "relu", "softmax", "log_softmax", "add", "sub", "mul", "div", "pow",
           "matmul", "mm", "maximum", "minimum", "eq", "ne", "lt", "le", "gt", "ge", "isnan", "isfinite",
           "allclose", "equal", "all", "any", "sum", "mean", "var", "std", "max", "min", "amax", "argmax",
           "argmin", "reshape", "flatten", "squeeze", "unsqueeze", "transpose", "permute", "t", "split", "chunk",
           "masked_fill"]
