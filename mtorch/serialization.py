"""mtorch.save / mtorch.load in the safetensors format, with numpy alone; nothing is ever unpickled.

A safetensors file is: 8 bytes, the little-endian length N of a JSON header; N bytes of that header,
`{name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ..., "__metadata__": {str: str}}`;
then the raw little-endian bytes of every tensor, `data_offsets` counting from the end of the header.

A flat dict of tensors (a model's state_dict) is stored with its keys as the tensor names and nothing
else, so `safetensors.torch.load_file` reads it as the same state dict, and files that safetensors
writes load here as such a dict. Anything else (an optimiser's state_dict, nested dicts, lists and tuples
of tensors, numpy arrays, numbers, strings, bools and None) is stored as its tensors plus a description
of the structure, a JSON string under `__metadata__["mtorch.structure"]`; loading rebuilds it exactly,
including non-string dict keys.
"""

import json
import math
import os
import secrets
from pathlib import Path

import numpy as np

from .creation import from_numpy
from .tensor import Tensor

# safetensors dtype names <-> little-endian numpy dtypes. BF16 is read (as float32), never written.
_DTYPES = {
    "BOOL": np.dtype("bool"),
    "U8": np.dtype("u1"), "I8": np.dtype("i1"),
    "U16": np.dtype("<u2"), "I16": np.dtype("<i2"),
    "U32": np.dtype("<u4"), "I32": np.dtype("<i4"),
    "U64": np.dtype("<u8"), "I64": np.dtype("<i8"),
    "F16": np.dtype("<f2"), "F32": np.dtype("<f4"), "F64": np.dtype("<f8"),
    "BF16": np.dtype("<u2"),
}
_NAMES = {dtype.newbyteorder("="): name for name, dtype in _DTYPES.items() if name != "BF16"}
_STRUCTURE = "mtorch.structure"
_MAX_HEADER = 100_000_000  # the limit safetensors itself enforces


class SafetensorsError(ValueError):
    """A file that is not a valid safetensors file (truncated, foreign or tampered with)."""

    def __init__(self, path, problem):
        super().__init__(f"{path}: not a valid safetensors file: {problem}")
        self.path = path
        self.problem = problem


def save(obj, f):
    """Write `obj` (a state_dict, or nested dicts/lists/tuples of tensors and plain values) to path `f`.

    The file is written to a temporary file in the same folder, synced, then renamed over `f`, so `f` is
    either the old file or the complete new one, never a partial write.
    """
    path = Path(f)
    arrays = {}
    if _is_flat_state_dict(obj):
        arrays = {name: tensor.numpy() for name, tensor in obj.items()}
        metadata = {}
    else:
        metadata = {_STRUCTURE: json.dumps(_describe(obj, arrays, []), allow_nan=False)}

    header, offset = {}, 0
    for name, array in arrays.items():
        dtype = array.dtype.newbyteorder("=")
        if dtype not in _NAMES:
            raise TypeError(f"mtorch.save: cannot store {name!r} of dtype {array.dtype} in safetensors")
        header[name] = {"dtype": _NAMES[dtype], "shape": list(array.shape),
                        "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
    if metadata:
        header["__metadata__"] = metadata
    header_bytes = json.dumps(header, separators=(",", ":")).encode()
    header_bytes += b" " * (-len(header_bytes) % 8)  # pad so the data starts 8-byte aligned

    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as out:
            out.write(len(header_bytes).to_bytes(8, "little"))
            out.write(header_bytes)
            for array in arrays.values():
                out.write(np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<")).data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def load(f, map_location=None, weights_only=True):
    """Read a file written by `save` (or any safetensors file) back into the object that was saved.

    `map_location` and `weights_only` are accepted for PyTorch code: everything lands on the CPU, and
    nothing is ever unpickled, so every load is weights-only.
    """
    path = Path(f)
    data = path.read_bytes()
    if len(data) < 8:
        raise SafetensorsError(path, f"the file is {len(data)} bytes, shorter than the 8-byte header length")
    n = int.from_bytes(data[:8], "little")
    if n > min(_MAX_HEADER, len(data) - 8):
        raise SafetensorsError(path, f"header length {n} does not fit in a file of {len(data)} bytes")
    try:
        header = json.loads(data[8:8 + n])
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise SafetensorsError(path, f"the header is not valid JSON ({error})") from None
    if not isinstance(header, dict):
        raise SafetensorsError(path, "the header is not a JSON object")
    metadata = header.pop("__metadata__", {})
    if not isinstance(metadata, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
        raise SafetensorsError(path, "__metadata__ must map strings to strings")
    arrays = _read_arrays(path, header, memoryview(data)[8 + n:])
    if _STRUCTURE not in metadata:
        return {name: from_numpy(array) for name, array in arrays.items()}
    try:
        return _rebuild(json.loads(metadata[_STRUCTURE]), arrays)
    except (ValueError, TypeError, KeyError, RecursionError) as error:
        raise SafetensorsError(path, f"bad {_STRUCTURE} description ({error!r})") from None


def _is_flat_state_dict(obj):
    return type(obj) is dict and all(
        isinstance(k, str) and k != "__metadata__" and isinstance(v, Tensor) for k, v in obj.items())


def _describe(obj, arrays, path):
    """The JSON description of `obj`; its tensors and arrays go into `arrays` under dotted path names."""
    if isinstance(obj, Tensor | np.ndarray | np.generic):
        name = ".".join(map(str, path)) or "tensor"
        while name in arrays or name == "__metadata__":
            name += "_"
        kind = "tensor" if isinstance(obj, Tensor) else "ndarray" if isinstance(obj, np.ndarray) else "scalar"
        arrays[name] = obj.numpy() if kind == "tensor" else np.asarray(obj)
        return {kind: name}
    if obj is None or isinstance(obj, bool | int | str):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else {"float": repr(obj)}  # JSON has no nan/inf
    if isinstance(obj, dict):
        return {"dict": [[_describe(k, arrays, path), _describe(v, arrays, [*path, k])] for k, v in obj.items()]}
    if isinstance(obj, list | tuple):
        return {type(obj).__name__: [_describe(v, arrays, [*path, i]) for i, v in enumerate(obj)]}
    where = "".join(f"[{k!r}]" for k in path) or "the top level"
    raise TypeError(f"mtorch.save: cannot store a {type(obj).__name__} at {where}: only tensors, numpy "
                    f"arrays, numbers, strings, bools, None and dicts, lists and tuples of them")


def _rebuild(description, arrays):
    if not isinstance(description, dict):
        return description
    ((kind, value),) = description.items()
    if kind == "tensor":
        return from_numpy(arrays[value])
    if kind == "ndarray":
        return arrays[value]
    if kind == "scalar":
        return arrays[value][()]
    if kind == "float":
        return float(value)
    if kind == "dict":
        return {_rebuild(k, arrays): _rebuild(v, arrays) for k, v in value}
    if kind == "list":
        return [_rebuild(v, arrays) for v in value]
    if kind == "tuple":
        return tuple(_rebuild(v, arrays) for v in value)
    raise ValueError(f"unknown kind {kind!r}")


def _read_arrays(path, header, buffer):
    """Check every header entry against the data buffer and copy out its array."""
    arrays, spans = {}, []
    for name, info in header.items():
        if not isinstance(info, dict) or set(info) != {"dtype", "shape", "data_offsets"}:
            raise SafetensorsError(path, f"tensor {name!r} needs exactly dtype, shape and data_offsets")
        dtype, shape, offsets = info["dtype"], info["shape"], info["data_offsets"]
        if dtype not in _DTYPES:
            raise SafetensorsError(path, f"tensor {name!r} has unknown dtype {dtype!r}")
        if not (isinstance(shape, list) and all(type(d) is int and d >= 0 for d in shape)):
            raise SafetensorsError(path, f"tensor {name!r} has invalid shape {shape!r}")
        if not (isinstance(offsets, list) and len(offsets) == 2 and all(type(o) is int for o in offsets)
                and 0 <= offsets[0] <= offsets[1] <= len(buffer)):
            raise SafetensorsError(path, f"tensor {name!r} has data_offsets {offsets!r} outside the "
                                         f"{len(buffer)} bytes of data")
        begin, end = offsets
        size = math.prod(shape) * _DTYPES[dtype].itemsize
        if end - begin != size:
            raise SafetensorsError(path, f"tensor {name!r} of shape {shape} and dtype {dtype} needs {size} "
                                         f"bytes but data_offsets {offsets} hold {end - begin}")
        spans.append((begin, end, name))
        array = np.frombuffer(buffer, _DTYPES[dtype], math.prod(shape), begin).reshape(shape)
        if dtype == "BF16":  # bfloat16 is the top half of a float32
            array = (array.astype(np.uint32) << 16).view(np.float32)
        arrays[name] = array.astype(array.dtype.newbyteorder("="))  # a writable, native-order copy
    position = 0
    for begin, end, name in sorted(spans):
        if begin != position:
            problem = "overlaps another tensor" if begin < position else f"leaves a gap at byte {position}"
            raise SafetensorsError(path, f"tensor {name!r} at data_offsets {[begin, end]} {problem}")
        position = end
    if position != len(buffer):
        raise SafetensorsError(path, f"{len(buffer) - position} bytes of data after the last tensor")
    return arrays
