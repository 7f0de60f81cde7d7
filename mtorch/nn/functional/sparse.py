"""Lookups by integer index: embedding and one_hot."""

import numpy as np

from ...autograd import NumpyFunction
from ...creation import from_numpy
from ..errors import scalar_type


class Embedding(NumpyFunction):
    """y = weight[indices]: row i of the table for every index i."""

    @staticmethod
    def forward(ctx, indices, weight, padding_idx, scale_grad_by_freq):
        ctx.save_for_backward(indices)
        ctx.num_embeddings, ctx.padding_idx, ctx.scale_grad_by_freq = (
            weight.shape[0], padding_idx, scale_grad_by_freq)
        return weight[indices]

    @staticmethod
    def backward(ctx, grad):
        (indices,) = ctx.saved_tensors
        flat = indices.reshape(-1)
        rows = grad.reshape(flat.size, -1)
        if ctx.scale_grad_by_freq:  # each row's gradient divided by how often its index occurs in the batch
            rows = rows / np.bincount(flat, minlength=ctx.num_embeddings)[flat, None]
        dweight = np.zeros((ctx.num_embeddings, rows.shape[1]), dtype=grad.dtype)
        np.add.at(dweight, flat, rows)  # a row looked up k times gathers k gradients
        if ctx.padding_idx is not None:
            dweight[ctx.padding_idx] = 0
        return None, dweight, None, None


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """Look up rows of `weight` (num_embeddings, embedding_dim) for the integer tensor `input`.

    With `max_norm`, the rows looked up are first rescaled in place to a `norm_type`-norm of at most
    `max_norm`, as in PyTorch. The row `padding_idx` receives no gradient.
    """
    if sparse:
        raise ValueError("embedding: sparse gradients are not supported by mtorch; use sparse=False")
    indices = input.numpy()
    if indices.dtype not in (np.int64, np.int32):
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got mtorch.{scalar_type(indices.dtype)}Tensor instead (while checking "
                           "arguments for embedding)")
    num_embeddings = weight.shape[0]
    if indices.size and (indices.min() < 0 or indices.max() >= num_embeddings):
        raise IndexError(f"embedding: index out of range for {num_embeddings} embeddings "
                         f"(got indices from {indices.min()} to {indices.max()})")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += num_embeddings
    if max_norm is not None:
        table = weight.numpy()
        rows = np.unique(indices)
        norms = np.linalg.norm(table[rows], ord=norm_type, axis=1, keepdims=True)
        # like PyTorch: scale = max_norm / (norm + 1e-7) for the rows whose norm exceeds max_norm
        table[rows] *= np.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0).astype(table.dtype)
    return Embedding.apply(input, weight, padding_idx, scale_grad_by_freq)


def one_hot(tensor, num_classes=-1):
    """int64 tensor with a trailing dim of size num_classes (max + 1 when -1), 1 at each index."""
    indices = tensor.numpy()
    if indices.dtype.kind not in "iu":
        raise TypeError(f"one_hot: expected an integer tensor, got dtype {indices.dtype}")
    if num_classes == -1:
        num_classes = int(indices.max()) + 1 if indices.size else 0
    if indices.size and (indices.min() < 0 or indices.max() >= num_classes):
        raise ValueError(f"one_hot: class values must be in [0, {num_classes}), "
                         f"got values from {indices.min()} to {indices.max()}")
    return from_numpy((indices[..., None] == np.arange(num_classes)).astype(np.int64))
