"""`mtorch.exp(x)`, `mtorch.cat(xs)`, ...: the function forms of Tensor methods, as in PyTorch."""

from .ops import shape as S
from .tensor import Tensor, where


def cat(tensors, dim=0):
    return S.Cat.apply(dim, *tensors)


concat = cat


def stack(tensors, dim=0):
    return S.Stack.apply(dim, *tensors)


def _method(name):
    def fn(input, *args, **kwargs):
        return getattr(input, name)(*args, **kwargs)

    fn.__name__ = name
    fn.__doc__ = f"`mtorch.{name}(x, ...)` is `x.{name}(...)`."
    return fn


_NAMES = ["exp", "log", "sqrt", "abs", "clamp", "clip", "tanh", "sigmoid", "relu", "sum", "mean", "var",
          "std", "max", "min", "amax", "argmax", "argmin", "matmul", "mm", "reshape", "flatten", "squeeze",
          "unsqueeze", "transpose", "permute", "t", "neg", "add", "sub", "mul", "div", "pow", "eq", "ne",
          "lt", "le", "gt", "ge", "isnan", "isfinite", "allclose", "equal", "softmax", "log_softmax",
          "masked_fill", "split", "chunk", "numel", "all", "any"]
globals().update({name: _method(name) for name in _NAMES})


def is_tensor(obj):
    return isinstance(obj, Tensor)


def maximum(input, other):
    return where(input >= other, input, other)


def minimum(input, other):
    return where(input <= other, input, other)


__all__ = ["cat", "concat", "stack", "where", "is_tensor", "maximum", "minimum", *_NAMES]
