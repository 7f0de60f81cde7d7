# The tensors tutorial: creation from data / numpy / shapes, *_like, attributes, indexing and slicing
# assignment, cat, matmul three ways, element-wise product, .item() of an aggregate, in-place add_,
# and the numpy bridge sharing memory in both directions.
import numpy as np
import torch

data = [[1, 2], [3, 4]]
x_data = torch.tensor(data)
np_array = np.array(data)
x_np = torch.from_numpy(np_array)
x_ones = torch.ones_like(x_data)
x_rand = torch.rand_like(x_data, dtype=torch.float)

shape = (2, 3)
rand_tensor = torch.rand(shape)
ones_tensor = torch.ones(shape)
zeros_tensor = torch.zeros(shape)

tensor = torch.ones(4, 4)
first_row = tensor[0]
first_col = tensor[:, 0]
last_col = tensor[..., -1]
tensor[:, 1] = 0
t1 = torch.cat([tensor, tensor, tensor], dim=1)

y1 = tensor @ tensor.T
y2 = tensor.matmul(tensor.T)
y3 = torch.rand_like(y1)
torch.matmul(tensor, tensor.T, out=y3)
z1 = tensor * tensor
z2 = tensor.mul(tensor)
z3 = torch.rand_like(tensor)
torch.mul(tensor, tensor, out=z3)

agg = tensor.sum()
agg_item = agg.item()
tensor.add_(5)

t = torch.ones(5)
n = t.numpy()
t.add_(1)
n_after_add = n.tolist()
n2 = np.ones(5)
t2 = torch.from_numpy(n2)
np.add(n2, 1, out=n2)

RESULT = {
    "x_data": x_data,
    "x_np": x_np,
    "x_ones": x_ones,
    "x_rand_dtype": x_rand.dtype,
    "x_rand_shape": tuple(x_rand.shape),
    "rand_in_unit": bool(((rand_tensor >= 0) & (rand_tensor < 1)).all()),
    "ones": ones_tensor,
    "zeros": zeros_tensor,
    "shape": tuple(tensor.shape),
    "dtype": tensor.dtype,
    "device": str(tensor.device),
    "first_row": first_row,
    "first_col": first_col,
    "last_col": last_col,
    "t1": t1,
    "y1": y1,
    "same_matmul": torch.equal(y1, y2) and torch.equal(y1, y3),
    "z1": z1,
    "same_mul": torch.equal(z1, z2) and torch.equal(z1, z3),
    "agg_item": agg_item,
    "agg_item_type": type(agg_item).__name__,
    "after_add_": tensor,
    "numpy_sees_add_": n_after_add,
    "tensor_sees_numpy_add": t2,
    "t2_dtype": t2.dtype,
}
