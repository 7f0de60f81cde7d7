"""`torch.backends.cudnn`: mtorch has no cuDNN; its flags are plain attributes that change nothing."""

enabled = True
deterministic = False
benchmark = False
allow_tf32 = True


def is_available():
    return False


def version():
    return None
