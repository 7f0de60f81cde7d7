"""Datasets: MNIST digits, Fashion-MNIST clothes and sine-to-cosine sequences; `transforms` for images."""

from . import transforms
from .mnist import MNIST, FashionMNIST
from .sine import SineToCosine

__all__ = ["MNIST", "FashionMNIST", "SineToCosine", "transforms"]
