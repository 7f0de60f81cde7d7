"""Automatic differentiation: Function (forward + backward), the backward engine, grad modes, gradcheck."""

from .function import Context, Function, NumpyFunction, unbroadcast
from .grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .gradcheck import gradcheck

__all__ = ["Context", "Function", "NumpyFunction", "unbroadcast", "gradcheck", "enable_grad", "is_grad_enabled",
           "no_grad", "set_grad_enabled"]
