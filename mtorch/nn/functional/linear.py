"""linear: y = x @ W.T + b as one Function, so a Linear layer costs one node in the graph."""

import numpy as np

from ...autograd import NumpyFunction
from ..errors import ShapeError, c_type, scalar_type


def project(x, weight):
    """x @ weight.T. With one input feature this is an outer product, computed as one: numpy's matmul
    has no BLAS path for an inner dimension of 1 and is 3x slower than the broadcast product (the same
    numbers: each output is one product, nothing is summed)."""
    if weight.shape[1] == 1:
        return x * weight[:, 0]
    return np.matmul(x, weight.T)


class Linear(NumpyFunction):
    @staticmethod
    def forward(ctx, x, weight, bias):
        y = project(x, weight)
        if bias is not None:
            y += bias
        ctx.save_for_backward(x, weight)
        return y

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        need_x, need_w = ctx.needs_input_grad[:2]
        out_features, in_features = weight.shape
        # batch dims folded into one, so any (*, in_features) input works
        g2 = grad.reshape(-1, out_features)
        dx = np.matmul(grad, weight) if need_x else None  # dL/dx = g @ W
        dw = np.matmul(g2.T, x.reshape(-1, in_features)) if need_w else None  # dL/dW = g.T @ x
        db = g2.sum(0) if ctx.needs_input_grad[2] else None  # dL/db = sum of g over the batch
        return dx, dw, db


def linear(input, weight, bias=None):
    """y = input @ weight.T + bias, for input (*, in_features) and weight (out_features, in_features)."""
    if weight.ndim != 2:
        raise ShapeError("linear", "(out_features, in_features)", weight.shape, what="weight")
    out_features, in_features = weight.shape
    if input.ndim == 0 or input.shape[-1] != in_features:
        raise ShapeError("linear", f"(*, {in_features})", input.shape)
    if bias is not None and tuple(bias.shape) != (out_features,):
        raise ShapeError("linear", f"({out_features},)", bias.shape, what="bias")
    if input.dtype != weight.dtype:  # PyTorch's messages: from addmm with a bias, from matmul without
        if bias is None:
            raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {c_type(input.dtype)} != "
                               f"{c_type(weight.dtype)}")
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {scalar_type(input.dtype)} and "
                           f"{scalar_type(weight.dtype)}")
    if bias is not None and bias.dtype != weight.dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {scalar_type(bias.dtype)} and "
                           f"{scalar_type(weight.dtype)}")
    return Linear.apply(input, weight, bias)
