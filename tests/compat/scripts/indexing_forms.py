# Indexing as tutorials write it, reading and writing: None / ellipsis / negative / stepped slices,
# integer-list and tensor indices, paired index tensors (probs[torch.arange(n), y]), boolean masks,
# assignment with broadcasting, += through an index with repeated positions (no accumulation), and
# scatter_add / bincount that do accumulate; gradients through indexing.
import numpy as np
import torch

x = torch.arange(24.0).view(4, 6)
rows = torch.tensor([0, 2, 2])
cols = torch.tensor([1, 5, 0])
mask = x % 5 == 0

y = torch.zeros(5)
y[torch.tensor([1, 1, 3])] += 1.0
z = torch.zeros(5).scatter_add(0, torch.tensor([1, 1, 3]), torch.ones(3))
a = torch.bincount(torch.tensor([0, 2, 0]), minlength=4)
b = torch.zeros(3, 4)
b[1] = torch.tensor([1.0, 2.0, 3.0, 4.0])
b[:, 0] = -1.0
b[2, 1:3] = torch.tensor([7.0, 8.0])
b[b > 3] = 0.5
c = torch.zeros(2, 3)
c[:] = torch.tensor([1.0, 2.0, 3.0])

w = torch.from_numpy(np.random.default_rng(0).standard_normal((4, 6)).astype(np.float32)).requires_grad_()
(w[rows, cols].sum() + w[:, -1].sum() * 2 + w[mask].sum() * 3).backward()

RESULT = {
    "none_axis": tuple(x[:, None].shape),
    "none_front": tuple(x[None].shape),
    "ellipsis": x[..., 0],
    "negative": x[-1],
    "negative_col": x[:, -2],
    "stepped": x[1:, ::2],
    "reverse_rows_by_list": x[[3, 0]],
    "tensor_index": x[rows],
    "pairs": x[rows, cols],
    "pairs_with_arange": x[torch.arange(3), cols],
    "column_list": x[:, [4, 1]],
    "mask": x[mask],
    "mask_rows": x[x[:, 0] > 5],
    "scalar_index_shape": tuple(x[1, 2].shape),
    "int_item": x[1, 2].item(),
    "repeated_plus_equals": y,
    "scatter_add_accumulates": z,
    "bincount_accumulates": a,
    "assigned": b,
    "broadcast_assign": c,
    "grad_through_index": w.grad,
    "bool_index_dtype": x[mask].dtype,
    "index_dtype": rows.dtype,
}
