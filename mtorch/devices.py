"""`mtorch.device`: PyTorch's device names are accepted as values, but mtorch computes on the CPU only.

`device("cuda")` can be made, compared and printed (scripts write `device = "cuda" if
torch.cuda.is_available() else "cpu"`); putting a tensor or a module there raises a clear error.
"""

_TYPES = ("cpu", "cuda", "mps", "xpu", "meta", "xla", "hip", "ipu", "mtia", "privateuseone")


class device:  # noqa: N801 - PyTorch's name
    """A device name: `device("cpu")`, `device("cuda", 0)`, `device("cuda:1")`."""

    def __init__(self, type="cpu", index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        elif isinstance(type, int) and not isinstance(type, bool):  # torch.device(0) is cuda:0
            type, index = "cuda", type
        elif isinstance(type, str):
            name, _, number = type.partition(":")
            if name not in _TYPES or (number and not number.isdigit()):
                raise RuntimeError(f"Expected one of {', '.join(_TYPES)} device type at start of device "
                                   f"string: {type}")
            if number:
                if index is not None:
                    raise RuntimeError(f"type (string) must not include an index because index was passed "
                                       f"explicitly: {type}")
                index = int(number)
            type = name
        else:
            raise TypeError(f"device() expects a string, an int or a device, got {type.__class__.__name__}")
        self.type, self.index = type, index

    def __eq__(self, other):
        if isinstance(other, str):
            try:
                other = device(other)
            except RuntimeError:
                return False
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))

    def __repr__(self):
        return f"device(type='{self.type}')" if self.index is None else \
            f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"


CPU = device("cpu")


def cpu_only(where):
    """`where` (a device, a name like 'cuda:0', or None) as the CPU device; anything else is a clear error."""
    if where is None:
        return CPU
    dev = where if isinstance(where, device) else device(where)
    if dev.type != "cpu":
        raise RuntimeError(f"mtorch computes on the CPU only: device '{dev}' is not available (it has no CUDA "
                           f"or MPS backend; mtorch.cuda.is_available() is False). Use 'cpu', e.g. "
                           f"device = 'cuda' if torch.cuda.is_available() else 'cpu'.")
    return CPU


def set_default_device(where):
    """Accepts 'cpu' (mtorch's only device); any other device is a clear error."""
    cpu_only(where)


def get_default_device():
    return CPU
