"""`mtorch.linalg`: PyTorch's torch.linalg for what mtorch computes (the ops are in mtorch/ops/linalg.py)."""

from .ops import linalg as L


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """(sum |x|^ord)^(1/ord) over `dim` (all elements when None); ord may be inf, -inf or 0."""
    return x.norm(ord, dim, keepdim, dtype)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """The Frobenius norm of the matrices in the last two dims (other orders are not supported)."""
    if ord != "fro":
        raise NotImplementedError(f"linalg.matrix_norm(ord={ord!r}) is not supported by mtorch; only 'fro'")
    return A.norm("fro", dim, keepdim, dtype)


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """A vector norm (1-D input or an int dim) or the Frobenius norm (2-D input or a pair of dims); with
    ord and dim both None, the 2-norm of all elements, as in PyTorch."""
    if ord is None:
        return vector_norm(A, 2, dim, keepdim, dtype=dtype)
    matrix = (A.ndim == 2 and dim is None) or (isinstance(dim, (tuple, list)) and len(dim) == 2)
    if matrix:
        return matrix_norm(A, ord, (-2, -1) if dim is None else dim, keepdim, dtype=dtype)
    return vector_norm(A, ord, dim, keepdim, dtype=dtype)


def inv(A):
    return A.inverse()


def det(A):
    return A.det()


def solve(A, B, *, left=True):
    """X with A X = B (B a batch of vectors when it has one dim fewer than A)."""
    if not left:
        raise NotImplementedError("linalg.solve(left=False) is not supported by mtorch")
    return L.Solve.apply(A, B)


__all__ = ["vector_norm", "matrix_norm", "norm", "inv", "det", "solve"]
