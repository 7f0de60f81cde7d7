"""`torch.cuda`, answered for mtorch, which computes with numpy on the CPU: there is no CUDA device.

The queries scripts make before choosing a device work (`is_available()` is False, `device_count()` is
0); seeding and synchronising are no-ops (there is no CUDA generator or stream); anything that needs a
CUDA device raises a clear error.
"""


def is_available():
    """False: mtorch has no CUDA backend."""
    return False


def device_count():
    return 0


def is_initialized():
    return False


def manual_seed(seed):
    """Accepted and ignored, as PyTorch does without CUDA: there is no CUDA generator to seed."""


def manual_seed_all(seed):
    """Accepted and ignored: there are no CUDA devices."""


def synchronize(device=None):
    """Nothing to wait for: mtorch runs no work on a CUDA device."""


def empty_cache():
    """Nothing to free: mtorch allocates no CUDA memory."""


def _no_cuda(name):
    raise RuntimeError(f"mtorch.cuda.{name}(): mtorch computes on the CPU only and has no CUDA device "
                       f"(mtorch.cuda.is_available() is False)")


def current_device():
    _no_cuda("current_device")


def get_device_name(device=None):
    _no_cuda("get_device_name")


def set_device(device):
    _no_cuda("set_device")
