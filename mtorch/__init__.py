"""mtorch: PyTorch's API over numpy, with every backward written out.

    import mtorch
    x = mtorch.randn(3, requires_grad=True)
    (x * x).sum().backward()     # x.grad == 2 * x
"""

from . import accelerator, autograd, backends, cuda, datasets, dtypes, linalg, nn, onnx, optim, utils
from .autograd import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from .creation import *  # tensor, zeros, ones, ... (see creation.__all__)
from .devices import device, get_default_device, set_default_device
from .dtypes import (
                     bool,
                     double,
                     float,
                     float16,
                     float32,
                     float64,
                     get_default_dtype,
                     half,
                     int,
                     int8,
                     int16,
                     int32,
                     int64,
                     long,
                     promote_types,
                     result_type,
                     set_default_dtype,
                     short,
                     uint8,
)
from .functions import *  # exp, cat, stack, max, ... (see functions.__all__)
from .random import Generator, initial_seed, manual_seed
from .serialization import load, save
from .tensor import Size, Tensor
from .threads import get_num_threads, set_num_threads

__version__ = "0.1.0"
