"""Lazy layers, shaped like PyTorch's: LazyLinear, LazyConv1d, LazyConv2d infer their input size
(in_features, in_channels) from the first input they see.

Until then their weights are UninitializedParameters: no shape, no values, and any use is an error.
The first call materialises them in place (the same Parameter objects, so an optimiser created before
still holds them), initialises them like the plain layer's, and turns the module into that plain layer
(LazyLinear becomes Linear), as PyTorch does.
"""

from ...autograd import no_grad
from ..parameter import UninitializedParameter
from .conv import Conv1d, Conv2d
from .linear import Linear


class LazyModuleMixin:
    """Runs ``initialize_parameters(*args)`` before the first forward, then becomes ``cls_to_become``."""

    cls_to_become = None

    def _lazy_init(self):
        self._initialize_hook = self.register_forward_pre_hook(_infer_parameters)

    def has_uninitialized_params(self):
        return any(isinstance(p, UninitializedParameter) for p in self._parameters.values())


def _infer_parameters(module, args):
    with no_grad():
        module.initialize_parameters(*args)
    if not module.has_uninitialized_params():
        module._initialize_hook.remove()
        del module._initialize_hook
        if module.cls_to_become is not None:
            module.__class__ = module.cls_to_become


def _uninitialized(bias, dtype):
    return UninitializedParameter(dtype=dtype) if bias else None


class LazyLinear(LazyModuleMixin, Linear):
    """Linear whose in_features is taken from the first input's last dim."""

    cls_to_become = Linear

    def __init__(self, out_features, bias=True, device=None, dtype=None):
        super().__init__(0, 0, False, dtype=dtype)
        self.out_features = out_features
        self.weight = UninitializedParameter(dtype=dtype)
        self.register_parameter("bias", _uninitialized(bias, dtype))
        self._lazy_init()

    def reset_parameters(self):
        if not self.has_uninitialized_params() and self.in_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input):
        if self.has_uninitialized_params():
            self.in_features = input.shape[-1]
            self.weight.materialize((self.out_features, self.in_features))
            if self.bias is not None:
                self.bias.materialize((self.out_features,))
            self.reset_parameters()


class _LazyConvNd(LazyModuleMixin):
    """in_channels from the first input's channel dim (dim 1, or 0 for an unbatched input)."""

    def _lazy_conv_init(self, out_channels, bias, dtype):
        self.out_channels = out_channels
        self.weight = UninitializedParameter(dtype=dtype)
        self.register_parameter("bias", _uninitialized(bias, dtype))
        self._lazy_init()

    def reset_parameters(self):
        if not self.has_uninitialized_params() and self.in_channels != 0:
            super().reset_parameters()

    def initialize_parameters(self, input, *args):
        if self.has_uninitialized_params():
            self.in_channels = input.shape[0 if input.ndim == len(self.kernel_size) + 1 else 1]
            if self.in_channels % self.groups:
                raise ValueError("in_channels must be divisible by groups")
            self.weight.materialize((self.out_channels, self.in_channels // self.groups, *self.kernel_size))
            if self.bias is not None:
                self.bias.materialize((self.out_channels,))
            self.reset_parameters()


class LazyConv1d(_LazyConvNd, Conv1d):
    """Conv1d whose in_channels is taken from the first input."""

    cls_to_become = Conv1d

    def __init__(self, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", device=None, dtype=None):
        super().__init__(0, 0, kernel_size, stride, padding, dilation, groups, False, padding_mode, dtype=dtype)
        self._lazy_conv_init(out_channels, bias, dtype)


class LazyConv2d(_LazyConvNd, Conv2d):
    """Conv2d whose in_channels is taken from the first input."""

    cls_to_become = Conv2d

    def __init__(self, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", device=None, dtype=None):
        super().__init__(0, 0, kernel_size, stride, padding, dilation, groups, False, padding_mode, dtype=dtype)
        self._lazy_conv_init(out_channels, bias, dtype)

