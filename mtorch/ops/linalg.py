"""Linear algebra: einsum, kron, trace, diag, diagonal, tril/triu, vector norms, inv, det, solve.

(mm, bmm, mv, dot and outer are matmul and einsum with PyTorch's shape checks, in the Tensor.)
"""

import string

import numpy as np

from ..autograd.function import NumpyFunction
from .reduction import _axes


def parse_einsum(equation, shapes):
    """PyTorch's einsum equation as explicit subscripts: (input subscripts, output subscripts),
    with `...` replaced by letters of their own and an implicit output (no `->`) made explicit."""
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    inputs = lhs.split(",")
    if len(inputs) != len(shapes):
        raise RuntimeError(f"einsum(): {len(inputs)} operands in the equation {equation!r} but "
                           f"{len(shapes)} tensors given")
    spare = [c for c in string.ascii_letters if c not in eq]
    n_ell = max((len(shape) - len(s) + 3 for s, shape in zip(inputs, shapes) if "..." in s), default=0)
    ell = "".join(spare[:n_ell])
    for i, (s, shape) in enumerate(zip(inputs, shapes)):
        if "..." in s:
            s = s.replace("...", ell[n_ell - (len(shape) - len(s) + 3):])
        if len(s) != len(shape):
            raise RuntimeError(f"einsum(): the subscripts {inputs[i]!r} of operand {i} do not match its "
                               f"{len(shape)} dimensions")
        inputs[i] = s
    if arrow:
        output = rhs.replace("...", ell)
    else:  # implicit output: the broadcast dims, then the letters used once, in alphabetical order
        letters = "".join(inputs)
        output = ell + "".join(sorted(c for c in set(letters) if letters.count(c) == 1 and c not in ell))
    return inputs, output


class Einsum(NumpyFunction):
    """The gradient of operand k is the einsum of the output gradient with the other operands, giving
    operand k's subscripts; letters only operand k has are broadcast back, and repeated letters
    (a diagonal, as in 'ii->') put the gradient on that diagonal."""

    @staticmethod
    def forward(ctx, equation, *operands):
        inputs, output = parse_einsum(equation, [x.shape for x in operands])
        ctx.inputs, ctx.output = inputs, output
        ctx.save_for_backward(*operands)
        return np.einsum(",".join(inputs) + "->" + output, *operands)

    @staticmethod
    def backward(ctx, grad):
        operands = ctx.saved_tensors
        sizes = {}
        for s, x in zip(ctx.inputs, operands):
            for c, n in zip(s, x.shape):
                sizes[c] = max(sizes.get(c, 1), n)
        grads = [None]
        for k, (s, x) in enumerate(zip(ctx.inputs, operands)):
            if not ctx.needs_input_grad[k + 1]:
                grads.append(None)
                continue
            others = [(t, o) for j, (t, o) in enumerate(zip(ctx.inputs, operands)) if j != k]
            letters = "".join(dict.fromkeys(s))  # operand k's distinct letters, in order
            known = "".join(c for c in letters if c in ctx.output or any(c in t for t, _ in others))
            g = np.einsum(",".join([ctx.output] + [t for t, _ in others]) + "->" + known,
                          grad, *[o for _, o in others])
            g = np.broadcast_to(np.expand_dims(g, [i for i, c in enumerate(letters) if c not in known]),
                                [sizes[c] for c in letters])
            if len(letters) < len(s):  # repeated letters: write onto the diagonal of a zero array
                full = np.zeros([sizes[c] for c in s], dtype=grad.dtype)
                np.einsum(s + "->" + letters, full)[...] = g
                g = full
            axes = tuple(i for i, n in enumerate(x.shape) if n == 1 and g.shape[i] != 1)  # broadcast dims
            grads.append(np.sum(g, axis=axes, keepdims=True) if axes else np.array(g))
        return tuple(grads)


class Kron(NumpyFunction):
    """out[i * p + k, j * q + l] = a[i, j] b[k, l] (and likewise in any number of dims)."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.kron(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        n = grad.ndim
        sa, sb = (1,) * (n - a.ndim) + a.shape, (1,) * (n - b.ndim) + b.shape
        g = grad.reshape([m for pair in zip(sa, sb) for m in pair])  # axes (a0, b0, a1, b1, ...)
        a_axes, b_axes = tuple(range(0, 2 * n, 2)), tuple(range(1, 2 * n, 2))
        ga = gb = None
        if ctx.needs_input_grad[0]:  # dL/da[i, j] = sum_kl g[i, k, j, l] b[k, l]
            ga = (g * np.expand_dims(b.reshape(sb), a_axes)).sum(axis=b_axes).reshape(a.shape)
        if ctx.needs_input_grad[1]:  # dL/db[k, l] = sum_ij g[i, k, j, l] a[i, j]
            gb = (g * np.expand_dims(a.reshape(sa), b_axes)).sum(axis=a_axes).reshape(b.shape)
        return ga, gb


class Trace(NumpyFunction):
    @staticmethod
    def forward(ctx, x):
        ctx.shape = x.shape
        return np.asarray(np.trace(x))

    @staticmethod
    def backward(ctx, grad):  # d trace / dx = the identity
        return grad * np.eye(*ctx.shape, dtype=grad.dtype)


class Diag(NumpyFunction):
    """A 1-D input becomes the `diagonal`-th diagonal of a square matrix; a 2-D input gives that diagonal."""

    @staticmethod
    def forward(ctx, x, diagonal):
        ctx.shape, ctx.diagonal = x.shape, diagonal
        return np.diag(x, diagonal).copy()

    @staticmethod
    def backward(ctx, grad):
        if len(ctx.shape) == 1:
            return np.diag(grad, ctx.diagonal).copy(), None
        g = np.zeros(ctx.shape, dtype=grad.dtype)  # the diagonal's gradient back on the diagonal
        rows = np.arange(len(grad)) + max(-ctx.diagonal, 0)
        g[rows, rows + ctx.diagonal] = grad
        return g, None


class Triangle(NumpyFunction):
    """tril (lower) or triu (upper) of the last two dims: the kept entries pass the gradient, the rest 0."""

    @staticmethod
    def forward(ctx, x, diagonal, upper):
        ctx.diagonal, ctx.upper = diagonal, upper
        return np.triu(x, diagonal) if upper else np.tril(x, diagonal)

    @staticmethod
    def backward(ctx, grad):
        return (np.triu(grad, ctx.diagonal) if ctx.upper else np.tril(grad, ctx.diagonal)), None, None


class VectorNorm(NumpyFunction):
    """(sum |x|^p)^(1/p) over `dim`; p = inf is max |x|, -inf min |x|, 0 the count of non-zeros.
    d/dx = sign(x) |x|^(p-1) / norm^(p-1); for p = +-inf the gradient is shared by the elements at the
    extreme, as in PyTorch; where the norm is 0 the gradient is 0."""

    @staticmethod
    def forward(ctx, x, p, dim, keepdim):
        axes = _axes(dim, x.ndim)
        a = np.abs(x)
        if p == float("inf"):
            y = np.max(a, axis=axes, keepdims=True)
        elif p == -float("inf"):
            y = np.min(a, axis=axes, keepdims=True)
        elif p == 0:
            y = np.sum(a != 0, axis=axes, keepdims=True).astype(x.dtype)
        elif p == 1:
            y = np.sum(a, axis=axes, keepdims=True)
        elif p == 2:
            y = np.sqrt(np.sum(a * a, axis=axes, keepdims=True))
        else:
            y = np.sum(a**p, axis=axes, keepdims=True) ** (1 / p)
        ctx.save_for_backward(x, y)
        ctx.p, ctx.axes, ctx.keepdim = p, axes, keepdim
        return y if keepdim else np.squeeze(y, axes)

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        p = ctx.p
        g = grad if ctx.keepdim else np.expand_dims(grad, ctx.axes)
        if p == 0:
            return np.zeros_like(x), None, None, None
        if p in (float("inf"), -float("inf")):
            at_extreme = np.abs(x) == y
            share = at_extreme / np.sum(at_extreme, axis=ctx.axes, keepdims=True)
            return g * np.sign(x) * share, None, None, None
        if p == 1:
            return g * np.sign(x), None, None, None
        with np.errstate(divide="ignore", invalid="ignore"):
            local = np.sign(x) * np.abs(x) ** (p - 1) / y ** (p - 1)
        return g * np.where(y == 0, 0, local), None, None, None


class Diagonal(NumpyFunction):
    """The `offset`-th diagonal of the (dim1, dim2) planes, as the last dim; backward writes it back."""

    @staticmethod
    def forward(ctx, x, offset, dim1, dim2):
        ctx.shape, ctx.args = x.shape, (offset, dim1, dim2)
        return np.diagonal(x, offset, dim1, dim2).copy()

    @staticmethod
    def backward(ctx, grad):
        offset, dim1, dim2 = ctx.args
        g = np.zeros(ctx.shape, dtype=grad.dtype)
        planes = np.moveaxis(g, (dim1, dim2), (-2, -1))  # a view of g with the two dims last
        i = np.arange(grad.shape[-1])
        planes[..., i + max(-offset, 0), i + max(offset, 0)] = grad
        return g, None, None, None


class Inverse(NumpyFunction):
    @staticmethod
    def forward(ctx, a):
        y = np.linalg.inv(a)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors  # d(A^-1) = -A^-1 dA A^-1, so dL/dA = -A^-T G A^-T
        yt = np.swapaxes(y, -1, -2)
        return -(yt @ grad @ yt)


class Det(NumpyFunction):
    @staticmethod
    def forward(ctx, a):
        y = np.linalg.det(a)
        ctx.save_for_backward(a, y)
        return np.asarray(y)

    @staticmethod
    def backward(ctx, grad):
        a, y = ctx.saved_tensors  # d det(A) / dA = det(A) A^-T (Jacobi's formula)
        return (grad * y)[..., None, None] * np.swapaxes(np.linalg.inv(a), -1, -2)


class Solve(NumpyFunction):
    """X with A X = B (B a matrix, or a vector when it has one dim fewer than A)."""

    @staticmethod
    def forward(ctx, a, b):
        vector = b.ndim == a.ndim - 1
        x = np.linalg.solve(a, b[..., None] if vector else b)
        ctx.save_for_backward(a, x)
        ctx.vector = vector
        return x[..., 0] if vector else x

    @staticmethod
    def backward(ctx, grad):
        a, x = ctx.saved_tensors  # dB = A^-T G, dA = -dB X^T
        g = grad[..., None] if ctx.vector else grad
        gb = np.linalg.solve(np.swapaxes(a, -1, -2), g)
        ga = -gb @ np.swapaxes(x, -1, -2) if ctx.needs_input_grad[0] else None
        return ga, (gb[..., 0] if ctx.vector else gb)
