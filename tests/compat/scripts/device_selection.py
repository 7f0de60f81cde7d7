# Device selection as scripts write it: the cuda / mps / cpu fallback chain, torch.device objects,
# .to(device) on models and tensors, torch.cuda.manual_seed_all, device_count, and what .device says.
import torch
import torch.nn as nn

if torch.cuda.is_available():
    device = torch.device("cuda")
elif torch.backends.mps.is_available():
    device = torch.device("mps")
else:
    device = torch.device("cpu")

torch.manual_seed(0)
torch.cuda.manual_seed_all(0)
model = nn.Linear(3, 2).to(device)
x = torch.ones(4, 3, device=device)
y = model(x)
cuda_device = torch.device("cuda:0")
z = torch.zeros(2).to(device=device, dtype=torch.float64)
w = torch.zeros(2).cpu()

RESULT = {
    "device": str(device),
    "device_type": device.type,
    "cuda_available": torch.cuda.is_available(),
    "cuda_count": torch.cuda.device_count(),
    "mps_available": torch.backends.mps.is_available(),
    "cuda_device_type": cuda_device.type,
    "cuda_device_index": cuda_device.index,
    "param_device": str(next(model.parameters()).device),
    "out_device": str(y.device),
    "out_shape": tuple(y.shape),
    "to_device_dtype": z.dtype,
    "cpu_device_type": w.device.type,
    "same_device": x.device == torch.device("cpu"),
    "is_cuda": x.is_cuda,
}
