"""Parameter: a Tensor that a Module registers as one of its weights."""

import numpy as np

from ..tensor import Tensor


class Parameter(Tensor):
    """A leaf Tensor with ``requires_grad=True`` by default. Assigned as a Module attribute, it is
    registered and shows up in ``parameters()`` and ``state_dict()``. Shares memory with ``data``."""

    __slots__ = ()

    def __init__(self, data=None, requires_grad=True):
        if data is None:
            array = np.empty(0, np.float32)
        else:
            array = data.numpy() if isinstance(data, Tensor) else np.asarray(data)
        super().__init__(array, requires_grad)

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()
