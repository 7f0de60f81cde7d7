"""Datasets: MNIST digits, Fashion-MNIST clothes, sine-to-cosine sequences, TensorFlow Playground's 2-D sets
(`toy`); `transforms` for images."""

from . import toy, transforms
from .mnist import MNIST, FashionMNIST
from .sine import SineToCosine

__all__ = ["MNIST", "FashionMNIST", "SineToCosine", "toy", "transforms"]
