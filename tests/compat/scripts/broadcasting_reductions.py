# Broadcasting and reductions on numpy-seeded data: broadcast shapes, sum/mean with dim and keepdim,
# max(dim) returning (values, indices), argmax, std/var (unbiased by default), softmax rows, cumsum,
# view/reshape/permute/transpose/contiguous, squeeze/unsqueeze, expand, torch.where, topk, sort.
import numpy as np
import torch

rng = np.random.default_rng(0)
x = torch.from_numpy(rng.standard_normal((3, 4)).astype(np.float32))
col = torch.from_numpy(rng.standard_normal((3, 1)).astype(np.float32))
row = torch.from_numpy(rng.standard_normal(4).astype(np.float32))

values, indices = x.max(dim=1)
top = x.topk(2, dim=1)
sorted_vals, sorted_idx = torch.sort(x[0], descending=True)
m = x.max()

RESULT = {
    "broadcast_shape": tuple((col + row).shape),
    "broadcast": col * row,
    "outer_by_broadcast": col - row.unsqueeze(0),
    "sum_all": x.sum(),
    "sum_dim0": x.sum(0),
    "sum_dim1_keepdim": x.sum(dim=1, keepdim=True),
    "sum_dims": x.sum(dim=(0, 1)),
    "mean_dim1": x.mean(1),
    "max_values": values,
    "max_indices": indices,
    "max_all": m,
    "min_dim0": x.min(dim=0).values,
    "argmax_dim1": x.argmax(dim=1),
    "argmax_all": x.argmax(),
    "std": x.std(),
    "std_dim0": x.std(dim=0),
    "var_biased": x.var(dim=1, unbiased=False),
    "softmax_rows": torch.softmax(x, dim=1),
    "log_softmax": torch.log_softmax(x, dim=-1),
    "cumsum": torch.cumsum(x, dim=1),
    "view": x.view(-1).shape,
    "view_2_6": x.view(2, 6),
    "reshape": x.reshape(4, -1),
    "t_is_contiguous": x.t().is_contiguous(),
    "t_contiguous_view": x.t().contiguous().view(-1),
    "permute": x.unsqueeze(0).permute(2, 0, 1).shape,
    "transpose": x.transpose(0, 1),
    "squeeze": x.unsqueeze(1).squeeze().shape,
    "squeeze_dim": torch.zeros(1, 3, 1).squeeze(0).shape,
    "expand": row.expand(3, 4),
    "expand_as": col.expand_as(x),
    "where": torch.where(x > 0, x, torch.zeros_like(x)),
    "where_scalar": torch.where(x > 0, x, 0.0),
    "topk_values": top.values,
    "topk_indices": top.indices,
    "sorted": sorted_vals,
    "sorted_idx": sorted_idx,
    "clamp": x.clamp(-0.5, 0.5),
    "abs_sum": x.abs().sum().item(),
    "numel": x.numel(),
    "size": x.size(),
    "size1": x.size(1),
    "ndim": x.ndim,
    "dim": x.dim(),
    "norm": x.norm(),
    "norm_dim": x.norm(dim=1),
    "equal_self": torch.equal(x, x.clone()),
    "eq_sum": (x == x).sum().item(),
    "any_neg": bool((x < 0).any()),
    "all_finite": bool(torch.isfinite(x).all()),
}
