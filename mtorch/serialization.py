"""mtorch.save / mtorch.load in the safetensors format, with numpy alone; nothing is ever unpickled.

A safetensors file is: 8 bytes, the little-endian length N of a JSON header; N bytes of that header,
`{name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ..., "__metadata__": {str: str}}`;
then the raw little-endian bytes of every tensor, `data_offsets` counting from the end of the header.

A flat dict of tensors (a model's state_dict) is stored with its keys as the tensor names and nothing
else, so `safetensors.torch.load_file` reads it as the same state dict, and files that safetensors
writes load here as such a dict. Anything else (an optimiser's state_dict, nested dicts, lists and tuples
of tensors, numpy arrays, numbers, strings, bools and None) is stored as its tensors plus a description
of the structure, a JSON string under `__metadata__["mtorch.structure"]`; loading rebuilds it exactly,
including tuples and non-string dict keys.

The file helpers every mtorch and mtorch_gui reader and writer uses live here too: `open_regular_file`
and `read_text_file` (only regular files, sizes checked before reading), `parse_json` (bounded nesting
and integers) and `atomic_write` / `write_bytes_atomic` / `write_text_atomic`.
"""

import contextlib
import json
import math
import os
import secrets
import stat

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
_MAX_DIMS = 64  # numpy's limit
_MAX_TENSOR_BYTES = 2 ** 48  # the extent of a shape, zero dimensions counted as one: far beyond any real file
MAX_JSON_DEPTH = 100  # nesting levels of JSON containers: an optimiser's state needs about 15
MAX_INT_DIGITS = 40  # far beyond any size or count, and every such int converts to a float
_MAX_SAVE_DEPTH = 32  # levels of nested containers `save` stores: 3 JSON levels each, within MAX_JSON_DEPTH
_MAX_HEX_DIGITS = 10_000  # a larger Python int is stored in hexadecimal, up to this length


class SafetensorsError(ValueError):
    """A file that is not a valid safetensors file (truncated, foreign or tampered with)."""

    def __init__(self, path, problem):
        super().__init__(f"{path}: not a valid safetensors file: {problem}")
        self.path = path
        self.problem = problem


# ---- files -------------------------------------------------------------------------------------------

def _kind(mode):
    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "not a regular file"


def open_regular_file(path):
    """Open `path` for reading in binary, refusing anything but a regular file.

    A FIFO, a device or a folder raises ValueError("it is a FIFO, not a regular file") before it is opened
    (a FIFO would block, /dev/zero never ends); the open is non-blocking and re-checked, so a file swapped
    for a FIFO in between cannot block either. Raises OSError when the file cannot be opened.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise ValueError(f"it is {_kind(mode)}, not a regular file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise ValueError(f"it is {_kind(mode)}, not a regular file")
    return os.fdopen(fd, "rb")


def read_text_file(path, max_bytes):
    """The UTF-8 text of the regular file `path`, refused (ValueError) above `max_bytes` before reading."""
    with open_regular_file(path) as f:
        size = os.fstat(f.fileno()).st_size
        if size > max_bytes:
            raise ValueError(f"it is {size:,} bytes, more than the {max_bytes:,} such a file can be")
        data = f.read(size + 1)
    if len(data) > size:
        raise ValueError("it grew while it was being read")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("it is not a text file (not UTF-8)") from None


def parse_json(text, max_depth=MAX_JSON_DEPTH):
    """The value of the JSON document `text`; ValueError with the problem in plain words when it is not
    valid JSON, nests containers deeper than `max_depth`, holds an integer of more than MAX_INT_DIGITS
    digits, or NaN/Infinity (not JSON numbers)."""
    def parse_int(digits):
        if len(digits) > MAX_INT_DIGITS + (digits[0] == "-"):
            raise ValueError(f"it holds an integer of {len(digits):,} digits")
        return int(digits)

    def parse_constant(name):
        raise ValueError(f"it holds {name}, which is not a JSON number")

    try:
        value = json.loads(text, parse_int=parse_int, parse_constant=parse_constant)
    except RecursionError:
        raise ValueError(f"it nests deeper than {max_depth} levels") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"it is not valid JSON ({error})") from None
    pending = [(value, 1)] if isinstance(value, dict | list) else []  # every container's depth, no recursion
    while pending:
        item, depth = pending.pop()
        if depth > max_depth:
            raise ValueError(f"it nests deeper than {max_depth} levels")
        children = item.values() if isinstance(item, dict) else item
        pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return value


def _fsync_folder(folder):
    """Make a rename in `folder` durable (POSIX; Windows cannot open a folder to sync it)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _open_temporary(folder):
    """(file descriptor, None) for an unnamed file in `folder` (Linux's O_TMPFILE: a process killed while
    writing leaves nothing behind), else (file descriptor, path) of a new short-named hidden file there."""
    if hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd"):
        try:
            return os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o666), None
        except OSError:
            pass  # a file system without unnamed files
    tmp = os.path.join(folder, f".mtorch-{secrets.token_hex(6)}.tmp")
    return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), tmp


def _link_unnamed(fd, folder):
    """Give the unnamed file `fd` a new short hidden name in `folder` (linkat following /proc's link)."""
    name = f".mtorch-{secrets.token_hex(6)}.tmp"
    folder_fd = os.open(folder, os.O_RDONLY)
    try:  # a dst_dir_fd makes os.link call linkat, which follows the link to the file itself
        os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=folder_fd, follow_symlinks=True)
    finally:
        os.close(folder_fd)
    return os.path.join(folder, name)


@contextlib.contextmanager
def atomic_write(path):
    """Yield a binary file whose content replaces `path` once the block ends without an exception.

    The bytes go to a temporary file in the same folder, which is synced, renamed over the target and its
    folder synced: `path` is either the old file or the complete new one. The temporary file is unnamed
    while it is written where the system allows (Linux), so even a kill leaves no trace, and otherwise
    short-named (so a 255-byte target name still works) and removed on any exception. An existing file
    keeps its mode (a new one gets the umask's, like any editor's); a symlink is written through, so the
    link stays a link.
    """
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp = _open_temporary(folder)
    try:
        with os.fdopen(fd, "wb") as f:
            if mode is not None:
                os.chmod(f.fileno() if os.chmod in os.supports_fd else tmp, mode)
            yield f
            f.flush()
            os.fsync(f.fileno())
            if tmp is None:  # complete: give it a name, for the rename
                tmp = _link_unnamed(f.fileno(), folder)
        os.replace(tmp, target)
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    _fsync_folder(folder)


def write_bytes_atomic(path, data):
    """Replace `path` by `data` atomically (see `atomic_write`)."""
    with atomic_write(path) as f:
        f.write(data)


def write_text_atomic(path, text):
    """Replace `path` by `text` in UTF-8 atomically (see `atomic_write`); newlines are written as they are."""
    write_bytes_atomic(path, text.encode("utf-8"))


# ---- save --------------------------------------------------------------------------------------------

def save(obj, f):
    """Write `obj` (a state_dict, or nested dicts/lists/tuples of tensors and plain values) to `f`, a path
    or a binary file object.

    A path is written atomically (see `atomic_write`): it holds either the old file or the complete new one.
    Anything that is not a tensor, a numpy array, a number, a string, a bool, None or a dict, list or tuple
    of them raises TypeError naming its type and where it is; nothing is written then.
    """
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

    def write(out):
        out.write(len(header_bytes).to_bytes(8, "little"))
        out.write(header_bytes)
        for array in arrays.values():
            out.write(np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<")).data)

    if hasattr(f, "write"):
        write(f)
    else:
        with atomic_write(f) as out:
            write(out)


def _is_flat_state_dict(obj):
    return type(obj) is dict and all(
        isinstance(k, str) and k != "__metadata__" and isinstance(v, Tensor) for k, v in obj.items())


def _describe(obj, arrays, path):
    """The JSON description of `obj`; its tensors and arrays go into `arrays` under dotted path names."""
    if len(path) > _MAX_SAVE_DEPTH:  # each level takes up to 3 JSON levels: {"dict": [[key, value]]}
        raise ValueError(f"mtorch.save: the object nests deeper than {_MAX_SAVE_DEPTH} levels")
    if isinstance(obj, Tensor | np.ndarray | np.generic):
        name = ".".join(map(str, path)) or "tensor"
        while name in arrays or name == "__metadata__":
            name += "_"
        kind = "tensor" if isinstance(obj, Tensor) else "ndarray" if isinstance(obj, np.ndarray) else "scalar"
        arrays[name] = obj.numpy() if kind == "tensor" else np.asarray(obj)
        return {kind: name}
    if obj is None or isinstance(obj, bool | str):
        return obj
    if isinstance(obj, int):
        return obj if obj.bit_length() <= 128 else {"int": hex(obj)}  # a JSON number of at most 39 digits
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else {"float": repr(obj)}  # JSON has no nan/inf
    if isinstance(obj, dict):
        return {"dict": [[_describe(k, arrays, path), _describe(v, arrays, [*path, k])] for k, v in obj.items()]}
    if isinstance(obj, list | tuple):
        return {type(obj).__name__: [_describe(v, arrays, [*path, i]) for i, v in enumerate(obj)]}
    where = "".join(f"[{k!r}]" for k in path) or "the top level"
    raise TypeError(f"mtorch.save: cannot store a {type(obj).__name__} at {where}: only tensors, numpy "
                    f"arrays, numbers, strings, bools, None and dicts, lists and tuples of them")


# ---- load --------------------------------------------------------------------------------------------

def load(f, map_location=None, weights_only=True):
    """Read a file written by `save` (or any safetensors file) back into the object that was saved.

    `f` is a path or a binary file object. A bad file raises SafetensorsError naming the file and the
    problem; the header is checked (its length against the file's size first) before any tensor data is
    read. `map_location` and `weights_only` are accepted for PyTorch code: everything lands on the CPU,
    and nothing is ever unpickled, so every load is weights-only.
    """
    if hasattr(f, "read"):
        return _load(f, getattr(f, "name", f"the file object {f!r}"))
    try:
        file = open_regular_file(f)
    except ValueError as error:
        raise SafetensorsError(f, error) from None
    with file:
        return _load(file, f)


def _load(f, path):
    size = _remaining_size(f)
    start = f.read(8)
    if len(start) < 8:
        raise SafetensorsError(path, f"the file is {len(start)} bytes, shorter than the 8-byte header length")
    n = int.from_bytes(start, "little")
    room = _MAX_HEADER if size is None else min(_MAX_HEADER, size - 8)
    if n > room:
        raise SafetensorsError(path, f"header length {n} does not fit in a file of {size} bytes" if size is not None
                               else f"header length {n} is beyond safetensors' limit of {_MAX_HEADER}")
    header_bytes = f.read(n)
    if len(header_bytes) < n:
        raise SafetensorsError(path, f"the file ends inside its {n}-byte header")
    try:
        header = parse_json(header_bytes.decode("utf-8"))
    except UnicodeDecodeError:
        raise SafetensorsError(path, "the header is not valid JSON (not UTF-8 text)") from None
    except ValueError as error:
        raise SafetensorsError(path, f"the header is not valid JSON: {error}") from None
    if not isinstance(header, dict):
        raise SafetensorsError(path, "the header is not a JSON object")
    metadata = header.pop("__metadata__", {})
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise SafetensorsError(path, "__metadata__ must map strings to strings")
    entries = _check_entries(path, header, None if size is None else size - 8 - n)
    arrays = _read_arrays(path, f, entries)
    if _STRUCTURE not in metadata:
        return {name: from_numpy(array) for name, array in arrays.items()}
    try:
        return _rebuild(parse_json(metadata[_STRUCTURE]), arrays)
    except (ValueError, TypeError, KeyError) as error:
        raise SafetensorsError(path, f"bad {_STRUCTURE} description ({error})") from None


def _remaining_size(f):
    """Bytes from the file's position to its end, or None for a stream that cannot tell."""
    try:
        status = os.fstat(f.fileno())
        if stat.S_ISREG(status.st_mode):
            return status.st_size - f.tell()
    except (OSError, AttributeError, ValueError):
        pass  # no file descriptor (BytesIO): ask the stream itself
    try:
        here = f.tell()
        end = f.seek(0, os.SEEK_END)
        f.seek(here)
        return end - here
    except (OSError, AttributeError, ValueError):
        return None


def _check_entries(path, header, data_size):
    """[(begin, end, name, dtype name, shape)] in file order, every entry checked against the others and
    against `data_size` (the bytes after the header, None when the stream cannot tell) before any is read."""
    entries = []
    for name, info in header.items():
        if not isinstance(info, dict) or set(info) != {"dtype", "shape", "data_offsets"}:
            raise SafetensorsError(path, f"tensor {name!r} needs exactly dtype, shape and data_offsets")
        dtype, shape, offsets = info["dtype"], info["shape"], info["data_offsets"]
        if not isinstance(dtype, str) or dtype not in _DTYPES:
            raise SafetensorsError(path, f"tensor {name!r} has unknown dtype {dtype!r}")
        if not (isinstance(shape, list) and all(type(d) is int and d >= 0 for d in shape)):
            raise SafetensorsError(path, f"tensor {name!r} has invalid shape {shape!r}")
        if len(shape) > _MAX_DIMS:
            raise SafetensorsError(path, f"tensor {name!r} has {len(shape)} dimensions, more than {_MAX_DIMS}")
        itemsize = _DTYPES[dtype].itemsize
        if math.prod(d or 1 for d in shape) * itemsize > _MAX_TENSOR_BYTES:
            raise SafetensorsError(path, f"tensor {name!r} has an impossibly large shape {shape}")
        if not (isinstance(offsets, list) and len(offsets) == 2 and all(type(o) is int for o in offsets)
                and 0 <= offsets[0] <= offsets[1] <= (data_size if data_size is not None else _MAX_TENSOR_BYTES)):
            raise SafetensorsError(path, f"tensor {name!r} has data_offsets {offsets!r} outside the "
                                         f"{data_size} bytes of data")
        begin, end = offsets
        size = math.prod(shape) * itemsize
        if end - begin != size:
            raise SafetensorsError(path, f"tensor {name!r} of shape {shape} and dtype {dtype} needs {size} "
                                         f"bytes but data_offsets {offsets} hold {end - begin}")
        entries.append((begin, end, name, dtype, shape))
    entries.sort()
    position = 0
    for begin, end, name, _, _ in entries:
        if begin != position:
            problem = "overlaps another tensor" if begin < position else f"leaves a gap at byte {position}"
            raise SafetensorsError(path, f"tensor {name!r} at data_offsets {[begin, end]} {problem}")
        position = end
    if data_size is not None and position != data_size:
        raise SafetensorsError(path, f"{data_size - position} bytes of data after the last tensor")
    return entries


def _read_arrays(path, f, entries):
    """Read the checked entries, which lie back to back in file order, each into its own native array."""
    arrays = {}
    for begin, end, name, dtype, shape in entries:
        array = np.empty(shape, _DTYPES[dtype])
        view = memoryview(array.reshape(-1).view(np.uint8))
        done = 0
        while done < end - begin:
            got = f.readinto(view[done:])
            if not got:
                raise SafetensorsError(path, f"the file ends inside tensor {name!r}")
            done += got
        if dtype == "BF16":  # bfloat16 is the top half of a float32
            array = (array.astype(np.uint32) << 16).view(np.float32)
        arrays[name] = array.astype(array.dtype.newbyteorder("="), copy=False)
    return arrays


def _rebuild(description, arrays):
    if not isinstance(description, dict):
        return description
    ((kind, value),) = description.items()
    if kind in ("tensor", "ndarray", "scalar") and not isinstance(value, str):
        raise ValueError(f"a {kind} must be named by a string, not {type(value).__name__}")
    if kind == "tensor":
        return from_numpy(arrays[value])
    if kind == "ndarray":
        return arrays[value]
    if kind == "scalar":
        return arrays[value][()]
    if kind == "float" and isinstance(value, str):
        return float(value)
    if kind == "int" and isinstance(value, str) and len(value) <= _MAX_HEX_DIGITS:
        return int(value, 16)
    if kind == "dict" and isinstance(value, list) and all(isinstance(v, list) and len(v) == 2 for v in value):
        return {_rebuild(k, arrays): _rebuild(v, arrays) for k, v in value}
    if kind in ("list", "tuple") and isinstance(value, list):
        items = [_rebuild(v, arrays) for v in value]
        return items if kind == "list" else tuple(items)
    raise ValueError(f"a {kind!r} entry holding {type(value).__name__} is not a known kind")
