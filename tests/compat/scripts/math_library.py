# The maths functions tutorials reach for, on numpy-seeded data: trigonometric and hyperbolic,
# exp/log families, rounding, pow/fmod/remainder, maximum/minimum/lerp/hypot, logsumexp, cumprod/prod,
# norms and dist, tril/triu/diag/trace, outer/einsum/bmm/mm/mv/dot/kron, meshgrid, roll/flip/narrow,
# chunk/split/unbind, gather/scatter/scatter_add/index_select/masked_fill, repeat/repeat_interleave/tile,
# sort/argsort/unique/nonzero, nan handling, allclose/isclose, counting, histc/bincount, linspace.
import numpy as np
import torch

rng = np.random.default_rng(0)
x = torch.from_numpy(rng.uniform(-0.9, 0.9, (3, 4)).astype(np.float32))
p = torch.from_numpy(rng.uniform(0.5, 3.0, (3, 4)).astype(np.float32))
A = torch.from_numpy(rng.standard_normal((3, 3)).astype(np.float32))
v = torch.tensor([1.0, 2.0, 3.0])
idx = torch.tensor([[0, 1], [2, 0], [3, 3]])
nan = torch.tensor([1.0, float("nan"), float("inf"), -float("inf")])
ints = torch.tensor([3, 1, 2, 3, 3, 0, 1])

xs, ys = torch.meshgrid(torch.arange(3), torch.arange(2), indexing="ij")
values, counts = torch.unique(ints, return_counts=True)

RESULT = {name: fn() for name, fn in {
    "sin": lambda: torch.sin(x), "cos": lambda: x.cos(), "tan": lambda: torch.tan(x),
    "asin": lambda: torch.asin(x), "acos": lambda: x.acos(), "atan": lambda: torch.atan(x),
    "atan2": lambda: torch.atan2(x, p), "sinh": lambda: x.sinh(), "cosh": lambda: torch.cosh(x),
    "asinh": lambda: torch.asinh(x), "acosh": lambda: torch.acosh(p + 1), "atanh": lambda: x.atanh(),
    "log2": lambda: torch.log2(p), "log10": lambda: p.log10(), "log1p": lambda: torch.log1p(p),
    "expm1": lambda: x.expm1(), "erf": lambda: torch.erf(x), "erfc": lambda: x.erfc(),
    "sign": lambda: torch.sign(x), "floor": lambda: (x * 5).floor(), "ceil": lambda: torch.ceil(x * 5),
    "round": lambda: torch.round(x * 5),
    "trunc": lambda: (x * 5).trunc(), "frac": lambda: torch.frac(x * 5),
    "reciprocal": lambda: p.reciprocal(), "rsqrt": lambda: torch.rsqrt(p), "square": lambda: x.square(),
    "pow": lambda: torch.pow(p, 1.5), "pow_tensor": lambda: p.pow(x),
    "fmod": lambda: torch.fmod(x * 7, 2), "remainder": lambda: torch.remainder(x * 7, 2),
    "maximum": lambda: torch.maximum(x, -x), "minimum": lambda: torch.minimum(x, p),
    "lerp": lambda: torch.lerp(x, p, 0.25), "hypot": lambda: torch.hypot(x, p),
    "logsumexp": lambda: torch.logsumexp(x, dim=1), "cumprod": lambda: torch.cumprod(p, dim=1),
    "prod": lambda: p.prod(), "prod_dim": lambda: p.prod(dim=0),
    "norm_1": lambda: torch.norm(x, p=1), "norm_dim": lambda: x.norm(p=2, dim=0), "dist": lambda: torch.dist(x, p),
    "tril": lambda: torch.tril(A), "triu": lambda: A.triu(diagonal=1), "diag": lambda: torch.diag(A),
    "diag_embed": lambda: torch.diag(v), "trace": lambda: A.trace(),
    "outer": lambda: torch.outer(v, v), "einsum": lambda: torch.einsum("ij,jk->ik", A, A),
    "einsum_trace": lambda: torch.einsum("ii", A), "bmm": lambda: torch.bmm(A[None], A[None]),
    "mm": lambda: torch.mm(A, A), "mv": lambda: torch.mv(A, v), "dot": lambda: torch.dot(v, v),
    "kron": lambda: torch.kron(torch.eye(2), A[:2, :2]),
    "meshgrid": lambda: (xs, ys), "roll": lambda: torch.roll(x, 1, dims=1), "flip": lambda: x.flip(0),
    "narrow": lambda: x.narrow(1, 1, 2), "chunk": lambda: list(x.chunk(2, dim=1)),
    "split": lambda: list(torch.split(x, [1, 3], dim=1)), "unbind": lambda: list(x.unbind(0)),
    "gather": lambda: torch.gather(x, 1, idx), "scatter": lambda: torch.zeros(3, 4).scatter(1, idx, 1.0),
    "scatter_add": lambda: torch.zeros(3, 4).scatter_add(1, idx, torch.ones(3, 2)),
    "index_select": lambda: x.index_select(1, torch.tensor([3, 0])),
    "masked_fill": lambda: x.masked_fill(x > 0, 0.0),
    "repeat": lambda: v.repeat(2, 2), "repeat_interleave": lambda: v.repeat_interleave(2),
    "tile": lambda: torch.tile(v, (2,)), "argsort": lambda: x.argsort(dim=1),
    "sort": lambda: torch.sort(x, dim=1, descending=True).values,
    "unique": lambda: (values, counts), "nonzero": lambda: (x > 0.3).nonzero(),
    "isnan": lambda: torch.isnan(nan), "isinf": lambda: nan.isinf(), "isfinite": lambda: torch.isfinite(nan),
    "nan_to_num": lambda: torch.nan_to_num(nan, nan=0.0, posinf=9.0, neginf=-9.0),
    "allclose": lambda: torch.allclose(x, x + 1e-9), "isclose": lambda: torch.isclose(x, x + 0.01, atol=0.02),
    "all": lambda: (p > 0).all(), "any": lambda: torch.any(x > 0.8), "count_nonzero": lambda: (x > 0).count_nonzero(),
    "histc": lambda: torch.histc(x, bins=4, min=-1, max=1), "bincount": lambda: torch.bincount(ints),
    "linspace": lambda: torch.linspace(0, 1, 5),
    "arange_step": lambda: torch.arange(0, 1, 0.25), "full": lambda: torch.full((2, 2), 7),
    "zeros_like": lambda: torch.zeros_like(x).sum(), "full_like": lambda: torch.full_like(v, 2.5),
    "new_zeros": lambda: x.new_zeros(2), "new_ones": lambda: x.new_ones((1, 2)),
    "new_full": lambda: v.new_full((2,), 3.0),
    "new_tensor": lambda: x.new_tensor([1, 2]), "type_as": lambda: ints.type_as(x),
    "type_dtype": lambda: ints.type(torch.float64), "numel": lambda: x.numel(), "nelement": lambda: x.nelement(),
    "element_size": lambda: x.element_size(), "sum_axis": lambda: x.sum(axis=1),
    "mean_keepdims": lambda: x.mean(1, keepdims=True),
}.items()}
