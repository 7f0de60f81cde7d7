"""The errors the layers raise: ShapeError, and PyTorch's dtype-mismatch messages.

``nn.functional`` raises a ShapeError named after the function (``conv2d: expected input ...``);
``Module.__call__`` then names the layer instead (``Conv2d(1, 8, kernel_size=(3, 3), ...): expected ...``),
so a function and the module calling it need no second, private version of each other.
"""

import numpy as np

from ..tensor import _TORCH_NAMES


class ShapeError(ValueError, RuntimeError):
    """An input whose shape does not fit the layer. The message names the layer and both shapes:

    ``Linear(in_features=784, out_features=16, bias=True): expected input (*, 784), got (64, 28, 28)``

    ``layer`` is a Module (named by its one-line repr) or a string such as ``"cross_entropy"``.
    Catchable as ValueError and, like PyTorch's shape errors, as RuntimeError.
    """

    def __init__(self, layer, expected, got, what="input"):
        self.layer, self.expected, self.got, self.what = layer, expected, tuple(got), what
        super().__init__(self._message())

    def _message(self):
        return f"{layer_name(self.layer)}: expected {self.what} {self.expected}, got {self.got}"

    def name_layer(self, module):
        """Name `module` as the layer, unless a module (an inner one) is named already."""
        if isinstance(self.layer, str):
            self.layer = module
            self.args = (self._message(),)


def layer_name(layer):
    """How errors name a layer: its one-line repr for a Module, or the given string."""
    return layer if isinstance(layer, str) else f"{type(layer).__name__}({layer.extra_repr()})"


# the C names PyTorch's convolution messages print
_C_TYPES = {"float64": "double", "float32": "float", "float16": "c10::Half", "int64": "long int", "int32": "int",
            "int16": "short int", "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}


def scalar_type(dtype):
    """PyTorch's name of a dtype in its messages: Float, Double, Long, ..."""
    name = np.dtype(dtype).name
    return _TORCH_NAMES.get(name, name)


def c_type(dtype):
    """The C name PyTorch's convolution messages use: float, double, long int, ..."""
    name = np.dtype(dtype).name
    return _C_TYPES.get(name, name)


def check_same_dtype(*tensors, message="mixed dtype (CPU): all inputs must share same datatype."):
    """PyTorch's RuntimeError unless every tensor given (None skipped) has the first one's dtype."""
    present = [t for t in tensors if t is not None]
    if any(t.dtype != present[0].dtype for t in present[1:]):
        raise RuntimeError(message)
