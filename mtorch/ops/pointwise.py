"""Element-wise maths: trigonometric, hyperbolic, exp/log, error function, rounding, and the two- and
three-input ones (atan2, fmod, remainder, maximum, minimum, hypot, lerp, nan_to_num).

A unary op is `y = f(x)`, so dL/dx = dL/dy * f'(x): each class below names f and writes f' (from x
and y) on one line. Integer inputs of the floating functions are computed in the default float
dtype, as in PyTorch (`sin` of an int64 tensor is float32).
"""

import math

import numpy as np

from .. import dtypes
from ..autograd.function import NumpyFunction, unbroadcast


def as_floating(x):
    """`x` itself when floating point, else `x` in the default float dtype (PyTorch's int -> float rule)."""
    return x if x.dtype.kind in "fc" else x.astype(dtypes.get_default_dtype())


class _Unary(NumpyFunction):
    """y = f(x) with dL/dx = dL/dy * derivative(x, y). Subclasses set `f` and `derivative`."""

    floating = True  # computed in floating point (False: rounding functions keep integer dtypes)

    @classmethod
    def forward(cls, ctx, x):
        if cls.floating:
            x = as_floating(x)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # inf/nan as PyTorch gives them
            y = cls.f(x)
        ctx.save_for_backward(x, y)
        return y

    @classmethod
    def backward(cls, ctx, grad):
        x, y = ctx.saved_tensors
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return grad * cls.derivative(x, y)


class Sin(_Unary):
    f = np.sin

    @staticmethod
    def derivative(x, y):
        return np.cos(x)


class Cos(_Unary):
    f = np.cos

    @staticmethod
    def derivative(x, y):
        return -np.sin(x)


class Tan(_Unary):
    f = np.tan

    @staticmethod
    def derivative(x, y):
        return 1 + y * y  # tan' = 1 + tan^2


class Asin(_Unary):
    f = np.arcsin

    @staticmethod
    def derivative(x, y):
        return 1 / np.sqrt(1 - x * x)


class Acos(_Unary):
    f = np.arccos

    @staticmethod
    def derivative(x, y):
        return -1 / np.sqrt(1 - x * x)


class Atan(_Unary):
    f = np.arctan

    @staticmethod
    def derivative(x, y):
        return 1 / (1 + x * x)


class Sinh(_Unary):
    f = np.sinh

    @staticmethod
    def derivative(x, y):
        return np.cosh(x)


class Cosh(_Unary):
    f = np.cosh

    @staticmethod
    def derivative(x, y):
        return np.sinh(x)


class Asinh(_Unary):
    f = np.arcsinh

    @staticmethod
    def derivative(x, y):
        return 1 / np.sqrt(x * x + 1)


class Acosh(_Unary):
    f = np.arccosh

    @staticmethod
    def derivative(x, y):
        return 1 / np.sqrt(x * x - 1)


class Atanh(_Unary):
    f = np.arctanh

    @staticmethod
    def derivative(x, y):
        return 1 / (1 - x * x)


class Log2(_Unary):
    f = np.log2

    @staticmethod
    def derivative(x, y):
        return 1 / (x * math.log(2))


class Log10(_Unary):
    f = np.log10

    @staticmethod
    def derivative(x, y):
        return 1 / (x * math.log(10))


class Exp2(_Unary):
    f = np.exp2

    @staticmethod
    def derivative(x, y):
        return y * math.log(2)  # (2^x)' = 2^x ln 2


class Log1p(_Unary):
    f = np.log1p

    @staticmethod
    def derivative(x, y):
        return 1 / (1 + x)


class Expm1(_Unary):
    f = np.expm1

    @staticmethod
    def derivative(x, y):
        return y + 1  # (e^x - 1)' = e^x


# Chebyshev coefficients of erfc (Numerical Recipes, 3rd ed., section 6.2.2), accurate to ~1e-16
_ERFC_COEFFS = (
    -1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2, -9.561514786808631e-3,
    -9.46595344482036e-4, 3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5,
    -1.624290004647e-6, 1.303655835580e-6, 1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9,
    5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12, -6.886027e-12,
    8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16,
    -2.8e-17,
)


def erfc(x):
    """The complementary error function of a float array, element-wise (numpy has none)."""
    z = np.abs(x)
    t = 2 / (2 + z)
    ty = 4 * t - 2
    d = dd = np.zeros_like(z)
    for c in _ERFC_COEFFS[:0:-1]:  # Clenshaw's recurrence
        d, dd = ty * d - dd + x.dtype.type(c), d
    tail = t * np.exp(-z * z + 0.5 * (_ERFC_COEFFS[0] + ty * d) - dd)  # erfc(|x|)
    return np.where(x >= 0, tail, 2 - tail)


def erf(x):
    """The error function of a float array; near 0 from its Taylor series, so tiny x keep their precision."""
    small = np.where(np.abs(x) < 0.5, x, 0)
    x2 = small * small
    term, series = small, small.copy()
    for n in range(1, 14):  # erf x = 2/sqrt(pi) sum_n (-1)^n x^(2n+1) / (n! (2n+1)); 13 terms suffice for |x| < 1/2
        term = term * (-x2 / n)
        series += term / (2 * n + 1)
    return np.where(np.abs(x) < 0.5, series * (2 / math.sqrt(math.pi)), 1 - erfc(x))


_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)


class Erf(_Unary):
    f = erf

    @staticmethod
    def derivative(x, y):
        return _TWO_OVER_SQRT_PI * np.exp(-x * x)


class Erfc(_Unary):
    f = erfc

    @staticmethod
    def derivative(x, y):
        return -_TWO_OVER_SQRT_PI * np.exp(-x * x)


class Reciprocal(_Unary):
    f = np.reciprocal

    @staticmethod
    def derivative(x, y):
        return -y * y  # (1/x)' = -1/x^2


class Rsqrt(_Unary):
    @staticmethod
    def f(x):
        return 1 / np.sqrt(x)

    @staticmethod
    def derivative(x, y):
        return -0.5 * y * y * y  # (x^-1/2)' = -x^(-3/2) / 2


class Square(_Unary):
    floating = False  # an integer tensor squared stays an integer tensor
    f = np.square

    @staticmethod
    def derivative(x, y):
        return 2 * x


class Frac(_Unary):
    @staticmethod
    def f(x):
        return x - np.trunc(x)

    @staticmethod
    def derivative(x, y):
        return 1


class _Step(_Unary):
    """Piecewise constant functions: their gradient is 0 everywhere, as PyTorch defines it."""

    floating = False

    @staticmethod
    def derivative(x, y):
        return np.zeros_like(y)


class Sign(_Step):
    @staticmethod
    def f(x):
        return np.where(np.isnan(x), 0, np.sign(x))  # sign(nan) = 0, as in PyTorch


class Floor(_Step):
    f = np.floor


class Ceil(_Step):
    f = np.ceil


class Trunc(_Step):
    f = np.trunc


class Round(NumpyFunction):
    """Round half to even, to `decimals` places (scaled by 10^decimals, rounded, scaled back)."""

    @staticmethod
    def forward(ctx, x, decimals):
        return np.round(x, decimals)

    @staticmethod
    def backward(ctx, grad):
        return np.zeros_like(grad), None


class NanToNum(NumpyFunction):
    @staticmethod
    def forward(ctx, x, nan, posinf, neginf):
        ctx.save_for_backward(np.isfinite(x))
        return np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)

    @staticmethod
    def backward(ctx, grad):
        (finite,) = ctx.saved_tensors  # replaced values are constants: no gradient reaches them
        return grad * finite, None, None, None


# ----- two and three inputs: inputs broadcast, their gradients are summed back with unbroadcast ---------


class Atan2(NumpyFunction):
    @staticmethod
    def forward(ctx, y, x):
        y, x = as_floating(y), as_floating(x)
        ctx.save_for_backward(y, x)
        return np.arctan2(y, x)

    @staticmethod
    def backward(ctx, grad):
        y, x = ctx.saved_tensors  # d atan2(y, x) = (x dy - y dx) / (x^2 + y^2)
        r2 = x * x + y * y
        gy = unbroadcast(grad * x / r2, y.shape) if ctx.needs_input_grad[0] else None
        gx = unbroadcast(-grad * y / r2, x.shape) if ctx.needs_input_grad[1] else None
        return gy, gx


def check_integer_divisor(b):
    """An integer division or remainder by zero is PyTorch's error (numpy would quietly give 0)."""
    if np.asarray(b).dtype.kind in "biu" and not np.all(b):
        raise RuntimeError("ZeroDivisionError")


class Fmod(NumpyFunction):
    """a - trunc(a / b) * b: the remainder with the sign of a (C's fmod)."""

    @staticmethod
    def forward(ctx, a, b):
        check_integer_divisor(b)
        ctx.save_for_backward(a, b)
        return np.fmod(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors  # d/da = 1, d/db = -trunc(a / b)
        ga = unbroadcast(grad, a.shape) if ctx.needs_input_grad[0] else None
        gb = unbroadcast(-grad * np.trunc(a / b), b.shape) if ctx.needs_input_grad[1] else None
        return ga, gb


class Remainder(NumpyFunction):
    """a - floor(a / b) * b: the remainder with the sign of b (Python's %)."""

    @staticmethod
    def forward(ctx, a, b):
        check_integer_divisor(b)
        ctx.save_for_backward(a, b)
        return np.remainder(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors  # d/da = 1, d/db = -floor(a / b)
        ga = unbroadcast(grad, a.shape) if ctx.needs_input_grad[0] else None
        gb = unbroadcast(-grad * np.floor(a / b), b.shape) if ctx.needs_input_grad[1] else None
        return ga, gb


class Maximum(NumpyFunction):
    """Element-wise max (min when `largest` is False), NaN winning, as in PyTorch. The gradient goes to
    the larger input; where the two are equal each gets half; where one is NaN both get all of it."""

    @staticmethod
    def forward(ctx, a, b, largest):
        ctx.save_for_backward(a, b)
        ctx.largest = largest
        return np.maximum(a, b) if largest else np.minimum(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        g = np.where(a == b, grad / 2, grad)
        a_loses, b_loses = (a < b, a > b) if ctx.largest else (a > b, a < b)
        ga = unbroadcast(np.where(a_loses, 0, g), a.shape) if ctx.needs_input_grad[0] else None
        gb = unbroadcast(np.where(b_loses, 0, g), b.shape) if ctx.needs_input_grad[1] else None
        return ga, gb, None


class LogAddExp(NumpyFunction):
    """log(e^a + e^b), computed without overflow; d/da = e^(a - y), d/db = e^(b - y)."""

    @staticmethod
    def forward(ctx, a, b):
        a, b = as_floating(a), as_floating(b)
        y = np.logaddexp(a, b)
        ctx.save_for_backward(a, b, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        a, b, y = ctx.saved_tensors
        with np.errstate(invalid="ignore"):  # both -inf: -inf - -inf is nan, as in PyTorch
            wa, wb = np.exp(a - y), np.exp(b - y)
        ga = unbroadcast(grad * wa, a.shape) if ctx.needs_input_grad[0] else None
        gb = unbroadcast(grad * wb, b.shape) if ctx.needs_input_grad[1] else None
        return ga, gb


class Hypot(NumpyFunction):
    @staticmethod
    def forward(ctx, a, b):
        y = np.hypot(a, b)
        ctx.save_for_backward(a, b, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        a, b, y = ctx.saved_tensors  # d sqrt(a^2 + b^2) / da = a / y
        ga = unbroadcast(grad * a / y, a.shape) if ctx.needs_input_grad[0] else None
        gb = unbroadcast(grad * b / y, b.shape) if ctx.needs_input_grad[1] else None
        return ga, gb


class Lerp(NumpyFunction):
    """start + weight * (end - start)."""

    @staticmethod
    def forward(ctx, start, end, weight):
        ctx.save_for_backward(start, end, weight)
        return start + weight * (end - start)

    @staticmethod
    def backward(ctx, grad):
        start, end, weight = ctx.saved_tensors  # d/dstart = 1 - w, d/dend = w, d/dw = end - start
        needs = ctx.needs_input_grad
        gs = unbroadcast(grad * (1 - weight), start.shape) if needs[0] else None
        ge = unbroadcast(grad * weight, end.shape) if needs[1] else None
        gw = unbroadcast(grad * (end - start), weight.shape) if needs[2] else None
        return gs, ge, gw
