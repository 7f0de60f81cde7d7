"""Datasets: MNIST digits, Fashion-MNIST clothes, sine-to-cosine sequences, TensorFlow Playground's 2-D sets
(`toy`), your own images (`ImageFolder`); `transforms` for images."""

from . import toy, transforms
from .folder import ImageFolder
from .mnist import MNIST, FashionMNIST
from .sine import SineToCosine

__all__ = ["ImageFolder", "MNIST", "FashionMNIST", "SineToCosine", "toy", "transforms"]
