"""+ - * / ** neg and matmul. Inputs may broadcast; their gradients are summed back to each input's shape."""

import numpy as np

from ..autograd.function import NumpyFunction, unbroadcast


class Add(NumpyFunction):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = a.shape, b.shape
        return a + b

    @staticmethod
    def backward(ctx, grad):
        sa, sb = ctx.shapes
        return unbroadcast(grad, sa), unbroadcast(grad, sb)


class Sub(NumpyFunction):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = a.shape, b.shape
        return a - b

    @staticmethod
    def backward(ctx, grad):
        sa, sb = ctx.shapes
        return unbroadcast(grad, sa), unbroadcast(-grad, sb) if ctx.needs_input_grad[1] else None


class Mul(NumpyFunction):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors  # d(ab)/da = b, d(ab)/db = a
        ga = unbroadcast(grad * b, a.shape) if ctx.needs_input_grad[0] else None
        gb = unbroadcast(grad * a, b.shape) if ctx.needs_input_grad[1] else None
        return ga, gb


class Div(NumpyFunction):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a / b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors  # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
        ga = unbroadcast(grad / b, a.shape) if ctx.needs_input_grad[0] else None
        gb = unbroadcast(-grad * a / (b * b), b.shape) if ctx.needs_input_grad[1] else None
        return ga, gb


class Neg(NumpyFunction):
    @staticmethod
    def forward(ctx, a):
        return -a

    @staticmethod
    def backward(ctx, grad):
        return -grad


class Pow(NumpyFunction):
    """a ** b for tensors a and b (either may be a 0-d array made from a Python number)."""

    @staticmethod
    def forward(ctx, a, b):
        y = a**b
        ctx.save_for_backward(a, b, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        a, b, y = ctx.saved_tensors  # d(a^b)/da = b a^(b-1), d(a^b)/db = a^b ln a
        ga = unbroadcast(grad * b * a ** (b - 1), a.shape) if ctx.needs_input_grad[0] else None
        gb = None
        if ctx.needs_input_grad[1]:
            with np.errstate(divide="ignore", invalid="ignore"):
                gb = unbroadcast(grad * y * np.where(a > 0, np.log(np.where(a > 0, a, 1)), 0), b.shape)
        return ga, gb


class MatMul(NumpyFunction):
    """a @ b with numpy's rules: 1-D operands are promoted to matrices, leading dims broadcast."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a @ b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors  # for C = A B: dA = dC B^T, dB = A^T dC
        if a.ndim == 1 and b.ndim == 1:
            return grad * b, grad * a
        a2 = a[None, :] if a.ndim == 1 else a
        b2 = b[:, None] if b.ndim == 1 else b
        g = grad[..., None, :] if a.ndim == 1 else grad
        g = g[..., None] if b.ndim == 1 else g
        ga = gb = None
        if ctx.needs_input_grad[0]:
            ga = unbroadcast(g @ np.swapaxes(b2, -1, -2), a2.shape).reshape(a.shape)
        if ctx.needs_input_grad[1]:
            gb = unbroadcast(np.swapaxes(a2, -1, -2) @ g, b2.shape).reshape(b.shape)
        return ga, gb
