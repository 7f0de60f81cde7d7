"""`torch.backends`, answered for mtorch: no MPS, no cuDNN. The flags scripts set
(`mtorch.backends.cudnn.deterministic = True`, `.benchmark = False`) are accepted and change nothing:
mtorch's numpy kernels are deterministic."""

from . import cuda, cudnn, mps

__all__ = ["cuda", "cudnn", "mps"]
