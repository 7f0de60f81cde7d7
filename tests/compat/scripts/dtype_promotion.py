# dtype behaviour that tutorials rely on: integer arange divided by 2, integer tensors divided by
# integer tensors, Python scalars not promoting, float32 with int64 and with float64, bool sums,
# comparisons, .float()/.long()/.to(), floor division, float functions of integer tensors, cat of mixed
# dtypes, and the errors for mixing dtypes in a layer.
import numpy as np
import torch
import torch.nn as nn

a = torch.arange(5)
i = torch.tensor([7, -7, 9])
j = torch.tensor([2, 2, 4])
f32 = torch.tensor([1.5, 2.5, -0.5])
f64 = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
i32 = torch.tensor([1, 2, 3], dtype=torch.int32)
mask = torch.tensor([True, False, True])

RESULT = {
    "arange_dtype": a.dtype,
    "arange_div_2": a / 2,
    "arange_floordiv_2": a // 2,
    "arange_times_half": a * 0.5,
    "arange_plus_1": a + 1,
    "int_div_int": i / j,
    "int_floordiv_int": i // j,
    "int_mod_int": i % j,
    "f32_plus_pyfloat": (f32 + 2.0).dtype,
    "f32_times_int64": (f32 * j).dtype,
    "f32_plus_f64": (f32 + f64).dtype,
    "i32_plus_int64": (i32 + j).dtype,
    "i32_plus_pyint": (i32 + 5).dtype,
    "i32_times_pyfloat": (i32 * 1.5).dtype,
    "bool_sum": mask.sum(),
    "bool_float_mean": mask.float().mean(),
    "comparison_dtype": (f32 > 0).dtype,
    "tensor_of_ints": torch.tensor([1, 2, 3]).dtype,
    "tensor_of_floats": torch.tensor([1.0, 2]).dtype,
    "tensor_of_bools": torch.tensor([True, False]).dtype,
    "from_numpy_float64": torch.from_numpy(np.array([1.0, 2.0])).dtype,
    "long": f32.long(),
    "to_int": f32.to(torch.int32),
    "double": f32.double().dtype,
    "int_pow": torch.tensor([2, 3]) ** 2,
    "float_sqrt_dtype": torch.sqrt(torch.tensor([4.0, 9.0])).dtype,
    "int_sqrt": torch.sqrt(torch.tensor([4, 9])),
    "int_exp": torch.arange(3).exp(),
    "int_sigmoid": torch.sigmoid(torch.tensor([0, 1])),
    "cat_int_float": torch.cat([torch.tensor([1]), torch.tensor([2.5])]),
    "stack_int_float": torch.stack([torch.tensor([1, 2]), f32[:2]]),
    "int_clamp_float": torch.tensor([1, 2, 3]).clamp(max=2.5),
    "uint8_sum": torch.tensor([200, 100], dtype=torch.uint8).sum(),
    "sum_int_dtype": i32.sum().dtype,
    "mean_float": f32.mean().dtype,
    "ones_dtype": torch.ones(2).dtype,
    "zeros_long": torch.zeros(2, dtype=torch.long).dtype,
    "is_floating": [f32.is_floating_point(), i.is_floating_point()],
}

try:
    i.mean()
    RESULT["int_mean_error"] = None
except RuntimeError:
    RESULT["int_mean_error"] = "RuntimeError"

layer = nn.Linear(3, 1)
try:
    layer(f64.unsqueeze(0))
    RESULT["float64_into_float32_layer"] = None
except RuntimeError:
    RESULT["float64_into_float32_layer"] = "RuntimeError"
RESULT["float32_into_float32_layer"] = tuple(layer(f32.unsqueeze(0)).shape)
