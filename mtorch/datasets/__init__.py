"""Datasets: MNIST digits and sine-to-cosine sequences; `transforms` for images."""

from . import transforms
from .mnist import MNIST
from .sine import SineToCosine

__all__ = ["MNIST", "SineToCosine", "transforms"]
