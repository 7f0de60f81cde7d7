"""Parameter: a Tensor that a Module registers as one of its weights."""

import numpy as np

from ..dtypes import get_default_dtype
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


_UNINITIALIZED = ("Attempted to use an uninitialized parameter in {}. This error happens when you are using a "
                  "`LazyModule` or explicitly manipulating `mtorch.nn.parameter.UninitializedParameter` objects. "
                  "When using LazyModules Call `forward` with a dummy batch to initialize the parameters before "
                  "calling mtorch functions")


class _NoValues(np.ndarray):
    """The array of an UninitializedParameter: empty, of the dtype it will have; computing with it raises."""

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        raise ValueError(_UNINITIALIZED.format(ufunc.__name__))

    def __array_function__(self, func, types, args, kwargs):
        raise ValueError(_UNINITIALIZED.format(func.__name__))


class UninitializedParameter(Parameter):
    """A lazy layer's parameter before the layer's first input: no shape and no values yet, and any
    computation with it is PyTorch's ValueError. ``materialize(shape)`` gives it an (uninitialised)
    array of that shape in place and makes it a plain Parameter."""

    __slots__ = ()

    def __init__(self, requires_grad=True, device=None, dtype=None):
        super().__init__(None, requires_grad)
        self._data = np.empty(0, np.dtype(dtype or get_default_dtype())).view(_NoValues)

    def materialize(self, shape, device=None, dtype=None):
        self._data = np.empty(tuple(shape), np.dtype(dtype or self._data.dtype))
        self.__class__ = Parameter

    def numel(self):
        raise ValueError(_UNINITIALIZED.format("numel"))

    def __repr__(self):
        return "<UninitializedParameter>"
