"""Flatten and Unflatten: reshape layers (no parameters)."""

import math

from ..errors import ShapeError
from .module import Module


class Flatten(Module):
    """Flattens dims start_dim..end_dim into one: (N, C, H, W) -> (N, C*H*W) by default."""

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        ndim = max(input.ndim, 1)  # a 0-d input flattens to one element
        if not (-ndim <= self.start_dim < ndim and -ndim <= self.end_dim < ndim):
            needed = max(self.start_dim + 1, -self.start_dim, self.end_dim + 1, -self.end_dim)
            raise ShapeError(self, f"with at least {needed} dims", input.shape)
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Splits dim ``dim`` into ``unflattened_size``: Unflatten(1, (1, 28, 28)) turns (N, 784) into
    (N, 1, 28, 28). One entry of the size may be -1."""

    def __init__(self, dim, unflattened_size):
        super().__init__()
        self.dim = dim
        self.unflattened_size = tuple(unflattened_size)

    def forward(self, input):
        shape, size = tuple(input.shape), self.unflattened_size
        known = math.prod(n for n in size if n != -1)
        fits = -len(shape) <= self.dim < len(shape) and (
            shape[self.dim] % known == 0 if -1 in size else shape[self.dim] == known
        )
        if not fits:
            wanted = f"a multiple of {known}" if -1 in size else str(known)
            raise ShapeError(self, f"with dim {self.dim} of size {wanted}", shape)
        dim = self.dim % len(shape)
        return input.reshape(shape[:dim] + size + shape[dim + 1:])

    def extra_repr(self):
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
