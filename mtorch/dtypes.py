"""mtorch's dtypes are numpy's: `mtorch.float32 is np.dtype("float32")`."""

import builtins

import numpy as np

float16 = half = np.dtype("float16")
float32 = float = np.dtype("float32")
float64 = double = np.dtype("float64")
int8 = np.dtype("int8")
uint8 = np.dtype("uint8")
int16 = short = np.dtype("int16")
int32 = int = np.dtype("int32")
int64 = long = np.dtype("int64")
bool = np.dtype("bool")

_default_dtype = float32


def get_default_dtype():
    """The dtype of new floating-point tensors (float32 unless changed)."""
    return _default_dtype


def set_default_dtype(dtype):
    """Make new floating-point tensors `dtype` (float32 or float64)."""
    global _default_dtype
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(f"the default dtype must be floating point, got {dtype}")
    _default_dtype = dtype


# ----- type promotion: PyTorch's rules (not numpy's) -------------------------------------------------
# Each operand has a category, bool < integer < floating. Operands come in three priorities: tensors
# with dimensions, 0-dim tensors, Python (and numpy) scalars. The result is the promotion of the
# highest-priority operands' dtypes; a lower-priority operand only counts when its category is higher,
# and then a scalar contributes the default dtype of its category (float -> get_default_dtype()).

_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2}


def category(dtype):
    """0 for bool, 1 for integers, 2 for floating point."""
    return _CATEGORY[dtype.kind]


def promote_types(type1, type2):
    """The smallest dtype both can be cast to, as `torch.promote_types`: a float dtype wins over any
    integer or bool (int64 with float32 is float32, where numpy says float64)."""
    type1, type2 = np.dtype(type1), np.dtype(type2)
    if type1 is type2 or type1 == type2:
        return type1
    c1, c2 = _CATEGORY[type1.kind], _CATEGORY[type2.kind]
    if c1 != c2:
        return type1 if c1 > c2 else type2
    return np.promote_types(type1, type2)


def _scalar_dtype(value):
    """The dtype a Python or numpy scalar stands for when it decides a result's category."""
    if isinstance(value, (builtins.bool, np.bool_)):
        return bool
    if isinstance(value, (builtins.int, np.integer)):
        return int64
    if isinstance(value, (builtins.float, np.floating)):
        return _default_dtype
    raise TypeError(f"unsupported operand type {type(value).__name__}; expected a Tensor or a number")


def result_type(*operands):
    """The dtype of an operation on `operands` (Tensors, Python or numpy scalars), as `torch.result_type`.

    float32 tensor with int64 tensor -> float32; int tensor * 2.5 -> the default float dtype; float32
    tensor * 0-dim float64 tensor -> float32 (a tensor with dimensions wins within a category).
    """
    groups = [None, None, None]  # promoted dtype of: tensors with dims, 0-dim tensors, scalars
    for value in operands:
        array = getattr(value, "_data", None)
        if array is None and isinstance(value, np.ndarray):
            array = value
        if array is not None:
            slot, dtype = (0 if array.ndim else 1), array.dtype
        else:
            slot, dtype = 2, _scalar_dtype(value)
        groups[slot] = dtype if groups[slot] is None else promote_types(groups[slot], dtype)
    result = None
    for dtype in groups:
        if dtype is not None and (result is None or _CATEGORY[dtype.kind] > _CATEGORY[result.kind]):
            result = dtype
    return result
