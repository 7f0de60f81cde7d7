"""Whether operations are recorded for backward. Per thread, as in PyTorch: a GUI thread running
inference under `no_grad` does not switch off recording in a training thread."""

import functools
import threading

_state = threading.local()


def is_grad_enabled():
    return getattr(_state, "enabled", True)


def _set_enabled(mode):
    _state.enabled = bool(mode)


class _GradMode:
    """Base of the context managers below; each also works as a decorator."""

    mode = True

    def __enter__(self):
        self._prev = is_grad_enabled()
        _set_enabled(self.mode)
        return self

    def __exit__(self, *exc):
        _set_enabled(self._prev)
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return func(*args, **kwargs)

        return wrapper


class no_grad(_GradMode):
    """Do not record operations: `with mtorch.no_grad():` or `@mtorch.no_grad()`."""

    mode = False


class enable_grad(_GradMode):
    """Record operations again inside a `no_grad` block."""

    mode = True


class set_grad_enabled(_GradMode):
    """Turn recording on or off: `with mtorch.set_grad_enabled(train):`."""

    def __init__(self, mode):
        self.mode = bool(mode)

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(self.mode):
                return func(*args, **kwargs)

        return wrapper
