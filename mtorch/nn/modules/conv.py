"""Convolution layers: Conv1d, Conv2d, ConvTranspose2d (the maths is in nn/functional/conv.py)."""

import math

import numpy as np

from ...dtypes import get_default_dtype
from .. import functional as F
from .. import init
from ..errors import ShapeError
from ..functional.conv import _conv_padding, _tuple
from ..parameter import Parameter
from .module import Module

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class _ConvNd(Module):
    """What the convolutions share: arguments, weight (out, in/groups, *kernel) — (in, out/groups, *kernel)
    when transposed — bias, PyTorch's initialisation and repr."""

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation, transposed,
                 output_padding, groups, bias, padding_mode, n, dtype):
        super().__init__()
        if groups <= 0 or in_channels % groups or out_channels % groups:
            raise ValueError(f"{type(self).__name__}: groups ({groups}) must be a positive integer dividing "
                             f"in_channels ({in_channels}) and out_channels ({out_channels})")
        if padding_mode not in _PADDING_MODES:
            raise ValueError(f"padding_mode must be one of {_PADDING_MODES}, got {padding_mode!r}")
        self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
        self.kernel_size = _tuple(kernel_size, n, "kernel_size")
        self.stride = _tuple(stride, n, "stride")
        self.dilation = _tuple(dilation, n, "dilation")
        self.output_padding = _tuple(output_padding, n, "output_padding")
        self.transposed, self.padding_mode = transposed, padding_mode
        # (top, bottom), (left, right) as conv2d applies them; also checks 'same'/'valid'
        pads = _conv_padding(padding, self.kernel_size, self.stride, self.dilation, type(self).__name__)
        self.padding = padding if isinstance(padding, str) else _tuple(padding, n, "padding")
        # F.pad's order (last dim first), for padding modes other than zeros
        self._reversed_padding_repeated_twice = tuple(p for pair in reversed(pads) for p in pair)
        dtype = np.dtype(dtype or get_default_dtype())
        if transposed:
            shape = (in_channels, out_channels // groups, *self.kernel_size)
        else:
            shape = (out_channels, in_channels // groups, *self.kernel_size)
        self.weight = Parameter(np.empty(shape, dtype))
        if bias:
            self.bias = Parameter(np.empty(out_channels, dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        # kaiming_uniform_ with a = sqrt(5): weights and bias uniform in +-1/sqrt(fan_in), as in PyTorch
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def extra_repr(self):
        n = len(self.kernel_size)
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0,) * n:
            s += f", padding={self.padding}"
        if self.dilation != (1,) * n:
            s += f", dilation={self.dilation}"
        if self.output_padding != (0,) * n:
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s

    def forward(self, input):
        return self._conv_forward(input, self.weight, self.bias)

    def _padded_conv(self, conv, input, weight, bias):
        """`conv` (F.conv1d or F.conv2d) with this layer's settings; other padding modes pad first."""
        if self.padding_mode == "zeros":
            return conv(input, weight, bias, self.stride, self.padding, self.dilation, self.groups)
        padded = F.pad(input, self._reversed_padding_repeated_twice, mode=self.padding_mode)
        return conv(padded, weight, bias, self.stride, 0, self.dilation, self.groups)


class Conv1d(_ConvNd):
    """1-d convolution over (N, C_in, L) -> (N, C_out, L_out), L_out = (L + 2p - d*(k-1) - 1) // s + 1.
    padding: int, (p,), 'valid' or 'same'; weight (C_out, C_in/groups, k)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, False, 0, groups,
                         bias, padding_mode, 1, dtype)

    def _conv_forward(self, input, weight, bias):
        return self._padded_conv(F.conv1d, input, weight, bias)


class Conv2d(_ConvNd):
    """2-d convolution over (N, C_in, H, W) -> (N, C_out, OH, OW), OH = (H + 2p - d*(kh-1) - 1) // s + 1.
    padding: int, (ph, pw), 'valid' or 'same'; weight (C_out, C_in/groups, kh, kw)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, False, 0, groups,
                         bias, padding_mode, 2, dtype)

    def _conv_forward(self, input, weight, bias):
        return self._padded_conv(F.conv2d, input, weight, bias)


class ConvTranspose2d(_ConvNd):
    """Transposed 2-d convolution (the input gradient of a Conv2d, used to upsample):
    (N, C_in, H, W) -> (N, C_out, (H - 1)*s - 2p + d*(kh - 1) + output_padding + 1, ...).
    weight (C_in, C_out/groups, kh, kw). forward(input, output_size) picks output_padding for that size."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        if isinstance(padding, str):
            raise ValueError(f"{type(self).__name__}: padding must be an int or a tuple, got {padding!r}")
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, True, output_padding,
                         groups, bias, padding_mode, 2, dtype)

    def _output_padding(self, input, output_size):
        """The output_padding that gives `output_size` (the last two entries are used)."""
        if output_size is None:
            return self.output_padding
        wanted = tuple(output_size)[-2:]
        smallest = [(n - 1) * s - 2 * p + d * (k - 1) + 1 for n, s, p, d, k in
                    zip(input.shape[-2:], self.stride, self.padding, self.dilation, self.kernel_size)]
        if len(wanted) != 2 or not all(m <= w < m + max(s, d) for w, m, s, d in
                                       zip(wanted, smallest, self.stride, self.dilation)):
            largest = [m + max(s, d) - 1 for m, s, d in zip(smallest, self.stride, self.dilation)]
            raise ShapeError(self, f"between {tuple(smallest)} and {tuple(largest)}", wanted, what="output_size")
        return tuple(w - m for w, m in zip(wanted, smallest))

    def forward(self, input, output_size=None):
        return F.conv_transpose2d(input, self.weight, self.bias, self.stride, self.padding,
                                  self._output_padding(input, output_size), self.groups, self.dilation)
