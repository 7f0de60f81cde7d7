"""torchvision's transforms for images (numpy arrays before ToTensor, Tensors after it); `functional` holds
`rotate` and `affine`, as `torchvision.transforms.functional`."""

from . import functional
from .functional import InterpolationMode
from .transforms import (
    Compose,
    Lambda,
    Normalize,
    RandomAffine,
    RandomRotation,
    ToTensor,
    apply_transform,
)

__all__ = ["Compose", "InterpolationMode", "Lambda", "Normalize", "RandomAffine", "RandomRotation", "ToTensor",
           "functional"]
