# Which operations share memory, as code that writes into tensors relies on: views (view, slicing,
# t(), transpose, unsqueeze, expand reading), detach() and .numpy() sharing, clone() and torch.tensor()
# copying, reshape of a contiguous tensor, .data writes, and the two-tensor form of torch.max / min.
import numpy as np
import torch

x = torch.arange(6.0)
v = x.view(2, 3)
v[0, 0] = 100.0
s = x[2:4]
s[0] = -1.0
t = v.t()
t[2, 1] = 55.0
u = x.unsqueeze(0)
u[0, 1] = 7.0
r = x.reshape(3, 2)
r[2, 1] = 9.0
c = x.clone()
c[0] = 0.0
shared_view = x.tolist()

w = torch.ones(3, requires_grad=True)
d = w.detach()
d[0] = 5.0
w.data[1] = 6.0
w_after = w.detach().clone()

arr = np.zeros(3, dtype=np.float32)
copied = torch.tensor(arr)
shared = torch.from_numpy(arr)
arr[0] = 1.0
as_t = torch.as_tensor(arr)
arr[1] = 2.0
n = shared.numpy()
n[2] = 3.0

a = torch.tensor([1.0, 5.0, 3.0])
b = torch.tensor([4.0, 2.0, 6.0])
e = torch.arange(3.0).expand(2, 3)

RESULT = {
    "x_after_view_writes": shared_view,
    "v": v,
    "clone_independent": c,
    "detach_shares": w_after,
    "copied": copied,
    "shared": shared,
    "as_tensor_shares": as_t,
    "max_two": torch.max(a, b),
    "min_two": torch.min(a, b),
    "max_dim": torch.max(torch.stack([a, b]), 0).values,
    "max_dim_indices": torch.max(torch.stack([a, b]), dim=0)[1],
    "expanded": e,
    "contiguous_after_t": v.t().contiguous().is_contiguous(),
}
