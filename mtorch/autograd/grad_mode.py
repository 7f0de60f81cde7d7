"""Whether operations are recorded for backward. Per thread, as in PyTorch: a GUI thread running
inference under `no_grad` does not switch off recording in a training thread.

Each mode is a context manager and a decorator, with or without brackets: `with mtorch.no_grad():`,
`@mtorch.no_grad()`, `@mtorch.no_grad`.
"""

import functools
import threading

_state = threading.local()


def is_grad_enabled():
    return getattr(_state, "enabled", True)


def _set_enabled(mode):
    _state.enabled = bool(mode)


class _GradMode:
    """Base of the modes below: `mode` is whether grad is recorded inside."""

    mode = True

    def __new__(cls, *args, **kwargs):
        if len(args) == 1 and callable(args[0]) and not kwargs and cls is not set_grad_enabled:
            return cls()(args[0])  # used as a bare decorator: @mtorch.no_grad
        return super().__new__(cls)

    def __enter__(self):
        self._prev = is_grad_enabled()
        _set_enabled(self.mode)
        return self

    def __exit__(self, *exc):
        _set_enabled(self._prev)
        return False

    def clone(self):
        return self.__class__()

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)

        return wrapper


class no_grad(_GradMode):  # noqa: N801 - PyTorch's name
    """Do not record operations: `with mtorch.no_grad():` or `@mtorch.no_grad()`."""

    mode = False


class enable_grad(_GradMode):  # noqa: N801
    """Record operations again inside a `no_grad` block."""

    mode = True


class inference_mode(_GradMode):  # noqa: N801
    """`no_grad` for inference, as `torch.inference_mode(mode=True)`; mtorch has no separate inference
    tensors, so it is no_grad (or, with mode=False, changes nothing)."""

    def __init__(self, mode=True):
        self.enabled = bool(mode)

    def __enter__(self):
        self._prev = is_grad_enabled()
        if self.enabled:
            _set_enabled(False)
        return self

    def clone(self):
        return inference_mode(self.enabled)


class set_grad_enabled(_GradMode):  # noqa: N801
    """Turn recording on or off: as a function, `mtorch.set_grad_enabled(False)` sets it at once; as a
    context manager, `with mtorch.set_grad_enabled(train):`, it restores the old mode on exit."""

    def __init__(self, mode):
        self._prev = is_grad_enabled()
        self.mode = bool(mode)
        _set_enabled(self.mode)

    def __enter__(self):
        return self

    def __call__(self, func):
        _set_enabled(self._prev)  # as a decorator it changes the mode only while the function runs
        return super().__call__(func)

    def clone(self):
        return _Restoring(self.mode)


class _Restoring(_GradMode):
    """set_grad_enabled's decorator form: set the mode for one call, then restore it."""

    def __init__(self, mode):
        self.mode = mode

