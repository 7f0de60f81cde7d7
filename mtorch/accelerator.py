"""`torch.accelerator`'s queries, answered for mtorch, which runs on the CPU only: there is no accelerator.

Scripts written for PyTorch (its official MNIST example among them) ask these before choosing a device.
"""


def is_available():
    """False: mtorch computes with numpy on the CPU."""
    return False


def current_accelerator(check_available=False):
    """None: there is no accelerator device."""
    return None


def device_count():
    """0 accelerator devices."""
    return 0
