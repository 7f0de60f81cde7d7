"""Activation functions, each forward beside its backward. relu, sigmoid and tanh are the Tensor's own ops."""

import math
import warnings

import numpy as np

from ...autograd import NumpyFunction
from ...ops.pointwise import erfc
from ...ops.reduction import LogSoftmax, Softmax


def relu(input, inplace=False):
    """max(x, 0); with ``inplace`` the input itself becomes the result (and is returned)."""
    return input.relu_() if inplace else input.relu()


def relu_(input):
    return input.relu_()


def sigmoid(input):
    return input.sigmoid()


def tanh(input):
    return input.tanh()


class LeakyReLU(NumpyFunction):
    @staticmethod
    def forward(ctx, x, negative_slope):
        positive = x > 0
        ctx.save_for_backward(positive)
        ctx.negative_slope = negative_slope
        return np.where(positive, x, x * x.dtype.type(negative_slope))

    @staticmethod
    def backward(ctx, grad):
        (positive,) = ctx.saved_tensors
        return np.where(positive, grad, grad * grad.dtype.type(ctx.negative_slope)), None


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """x for x > 0, negative_slope * x otherwise; with ``inplace`` the input itself becomes the result."""
    if inplace:
        return input._apply_(LeakyReLU.apply, negative_slope)
    return LeakyReLU.apply(input, negative_slope)


def leaky_relu_(input, negative_slope=0.01):
    return leaky_relu(input, negative_slope, inplace=True)


class ELU(NumpyFunction):
    @staticmethod
    def forward(ctx, x, alpha):
        positive = x > 0
        # alpha * (exp(x) - 1) for x <= 0; the minimum keeps exp from overflowing where x is positive
        y = np.where(positive, x, x.dtype.type(alpha) * np.expm1(np.minimum(x, 0)))
        ctx.save_for_backward(positive, y)
        ctx.alpha = alpha
        return y

    @staticmethod
    def backward(ctx, grad):
        positive, y = ctx.saved_tensors
        # d/dx alpha * (exp(x) - 1) = y + alpha
        return np.where(positive, grad, grad * (y + y.dtype.type(ctx.alpha))), None


def elu(input, alpha=1.0, inplace=False):
    """x for x > 0, alpha * (exp(x) - 1) otherwise; with ``inplace`` the input itself becomes the result."""
    return input._apply_(ELU.apply, alpha) if inplace else ELU.apply(input, alpha)


_SQRT_2_OVER_PI = math.sqrt(2 / math.pi)


class GELU(NumpyFunction):
    @staticmethod
    def forward(ctx, x, approximate):
        if approximate == "tanh":
            # x * Phi(x) ~ 0.5 x (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3)
            cdf = 0.5 * (1 + np.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x**3)))
        else:
            cdf = 0.5 * erfc(-x / math.sqrt(2))  # Phi(x), the standard normal CDF
        ctx.save_for_backward(x, cdf)
        ctx.approximate = approximate
        return x * cdf

    @staticmethod
    def backward(ctx, grad):
        x, cdf = ctx.saved_tensors
        if ctx.approximate == "tanh":
            # d/dx 0.5 x (1 + tanh u) = cdf + x * 0.5 (1 - tanh^2 u) du/dx, tanh u = 2 cdf - 1
            tanh_u = 2 * cdf - 1
            du = _SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x)
            return grad * (cdf + 0.5 * x * (1 - tanh_u * tanh_u) * du), None
        # d/dx x Phi(x) = Phi(x) + x phi(x), phi the standard normal density
        pdf = np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
        return grad * (cdf + x * pdf), None


def gelu(input, approximate="none"):
    """x * Phi(x) with Phi the standard normal CDF; ``approximate='tanh'`` uses the tanh formula."""
    if approximate not in ("none", "tanh"):
        raise ValueError(f"approximate argument must be either none or tanh, got {approximate!r}")
    return GELU.apply(input, approximate)


class SiLU(NumpyFunction):
    @staticmethod
    def forward(ctx, x):
        with np.errstate(over="ignore"):  # exp(-x) overflows to inf for very negative x: sigmoid 0
            sig = 1 / (1 + np.exp(-x))
        ctx.save_for_backward(x, sig)
        return x * sig

    @staticmethod
    def backward(ctx, grad):
        x, sig = ctx.saved_tensors  # d/dx x sigmoid(x) = sigmoid(x) (1 + x (1 - sigmoid(x)))
        return grad * sig * (1 + x * (1 - sig))


def silu(input, inplace=False):
    """x * sigmoid(x), also called swish."""
    return input._apply_(SiLU.apply) if inplace else SiLU.apply(input)


class Softplus(NumpyFunction):
    @staticmethod
    def forward(ctx, x, beta, threshold):
        bx = x * x.dtype.type(beta)
        linear = bx > threshold
        # log(1 + exp(bx)) / beta, computed as logaddexp(0, bx) so large bx cannot overflow
        y = np.where(linear, x, np.logaddexp(0, bx) / x.dtype.type(beta))
        ctx.save_for_backward(bx, linear)
        return y

    @staticmethod
    def backward(ctx, grad):
        bx, linear = ctx.saved_tensors
        # d/dx log(1 + exp(bx)) / beta = sigmoid(bx); 1 where the function is taken as linear
        sig = 0.5 * (1 + np.tanh(0.5 * bx))
        return np.where(linear, grad, grad * sig), None, None


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + exp(beta x)) / beta, and x itself where beta x > threshold."""
    return Softplus.apply(input, beta, threshold)


def _softmax_dim(ndim, dim, name):
    if dim is None:
        warnings.warn(
            f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X "
            "as an argument.",
            stacklevel=3,
        )
        dim = 0 if ndim in (0, 1, 3) else 1
    return dim


def softmax(input, dim=None, dtype=None):
    """exp(x) / sum(exp(x)) along ``dim``."""
    if dtype is not None:
        input = input.to(dtype)
    return Softmax.apply(input, _softmax_dim(input.ndim, dim, "softmax"))


def log_softmax(input, dim=None, dtype=None):
    """log(softmax(x)) along ``dim``, computed without forming softmax."""
    if dtype is not None:
        input = input.to(dtype)
    return LogSoftmax.apply(input, _softmax_dim(input.ndim, dim, "log_softmax"))
