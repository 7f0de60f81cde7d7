"""Automatic differentiation: Function (PyTorch's Tensor-level contract) and NumpyFunction (mtorch's
built-in ops), the backward engine, grad modes, gradcheck."""

from .engine import backward, grad
from .function import Context, Function, NumpyFunction, unbroadcast
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from .gradcheck import gradcheck

__all__ = ["Context", "Function", "NumpyFunction", "unbroadcast", "backward", "grad", "gradcheck", "enable_grad",
           "inference_mode", "is_grad_enabled", "no_grad", "set_grad_enabled"]
