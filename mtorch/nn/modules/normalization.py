"""Normalisation layers: BatchNorm1d, BatchNorm2d, BatchNorm3d, LayerNorm, GroupNorm, shaped like torch.nn."""

import numbers

from ...creation import empty, ones, tensor, zeros
from ...dtypes import int64
from .. import functional as F
from .. import init
from ..errors import ShapeError
from ..parameter import Parameter
from .module import Module


def _register_affine(module, shape, affine, bias, dtype):
    """weight (ones) and, if `bias`, bias (zeros) of `shape` when `affine`; otherwise both None."""
    module.register_parameter("weight", Parameter(empty(*shape, dtype=dtype)) if affine else None)
    module.register_parameter("bias", Parameter(empty(*shape, dtype=dtype)) if affine and bias else None)


def _reset_affine(module):
    if module.weight is not None:
        init.ones_(module.weight)
    if module.bias is not None:
        init.zeros_(module.bias)


class _BatchNorm(Module):
    """Normalises each channel (dim 1) with the batch's statistics while training and with the running
    statistics in evaluation; `_expected` names the input shapes the subclass accepts."""

    _dims = ()
    _expected = ""

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None,
                 dtype=None, *, bias=True):
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        _register_affine(self, (num_features,), affine, bias, dtype)
        if track_running_stats:
            self.register_buffer("running_mean", zeros(num_features, dtype=dtype))
            self.register_buffer("running_var", ones(num_features, dtype=dtype))
            self.register_buffer("num_batches_tracked", tensor(0, dtype=int64))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self.reset_parameters()

    def reset_running_stats(self):
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self):
        self.reset_running_stats()
        _reset_affine(self)

    def extra_repr(self):
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}")

    def forward(self, input):
        if input.dim() not in self._dims or input.shape[1] != self.num_features:
            raise ShapeError(self, self._expected.format(C=self.num_features), input.shape)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked.add_(1)
            if self.momentum is None:  # cumulative moving average: the mean of every batch so far
                factor = 1.0 / self.num_batches_tracked.item()
        # batch statistics while training, and also in evaluation when there are no running ones
        use_batch_stats = self.training or self.running_mean is None
        keep_running = not self.training or self.track_running_stats
        return F.batch_norm(input, self.running_mean if keep_running else None,
                            self.running_var if keep_running else None, self.weight, self.bias,
                            use_batch_stats, factor, self.eps)


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L) input."""

    _dims = (2, 3)
    _expected = "(N, {C}) or (N, {C}, L)"


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of (N, C, H, W) input."""

    _dims = (4,)
    _expected = "(N, {C}, H, W)"


class BatchNorm3d(_BatchNorm):
    """Batch normalisation of (N, C, D, H, W) input."""

    _dims = (5,)
    _expected = "(N, {C}, D, H, W)"


class LayerNorm(Module):
    """Normalises over the trailing `normalized_shape` dims of each sample, then y = x̂ w + b elementwise."""

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None):
        super().__init__()
        if isinstance(normalized_shape, numbers.Integral):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps, self.elementwise_affine = eps, elementwise_affine
        _register_affine(self, self.normalized_shape, elementwise_affine, bias, dtype)
        self.reset_parameters()

    def reset_parameters(self):
        _reset_affine(self)

    def extra_repr(self):
        return (f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, "
                f"bias={self.bias is not None}")

    def forward(self, input):
        n = len(self.normalized_shape)
        if tuple(input.shape[input.dim() - n:]) != self.normalized_shape or input.dim() < n:
            raise ShapeError(self, f"(*, {', '.join(map(str, self.normalized_shape))})", input.shape)
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)


class GroupNorm(Module):
    """Splits the channels into `num_groups` groups and normalises each group of each sample."""

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True, device=None, dtype=None, *, bias=True):
        super().__init__()
        if num_channels % num_groups:
            raise ValueError(f"num_channels ({num_channels}) must be divisible by num_groups ({num_groups})")
        self.num_groups, self.num_channels, self.eps, self.affine = num_groups, num_channels, eps, affine
        _register_affine(self, (num_channels,), affine, bias, dtype)
        self.reset_parameters()

    def reset_parameters(self):
        _reset_affine(self)

    def extra_repr(self):
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
                f"bias={self.bias is not None}")

    def forward(self, input):
        if input.dim() < 2 or input.shape[1] != self.num_channels:
            raise ShapeError(self, f"(N, {self.num_channels}, *)", input.shape)
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)
