"""Image folders (torchvision's ImageFolder layout) read as whole arrays, plain Python.

The layout and the class names come from ``mtorch.datasets.folder``; a folder holding ``train/`` and
``test/`` (each in that layout) brings its own test split. Images are decoded by ``decoder(path, size,
color)``: Pillow's by default (``mtorch-train``), Qt's QImageReader in the app (``set_decoder``, called once
at start-up). Every image is resized to ``size`` x ``size`` and made grayscale (1 channel) or RGB (3),
float32 in [0, 1]; the first one that cannot be read stops the load with its file name, keeping nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mtorch.datasets import folder
from mtorch_gui.model.text import Text

from .splits import DatasetError

COLORS = {"grayscale": 1, "rgb": 3}  # colour mode -> channels
SIZES = (4, 512)  # smallest and largest side an image is resized to


def pillow_decode(path: str, size: int, color: str) -> np.ndarray:
    """The image at ``path`` resized to (size, size), as float32 (channels, size, size) in [0, 1], by Pillow."""
    try:
        from PIL import Image
    except ImportError:
        raise DatasetError(Text("data", "Reading images needs Pillow outside the app: pip install Pillow")) from None
    with Image.open(path) as image:
        image = image.convert("L" if color == "grayscale" else "RGB").resize((size, size), Image.Resampling.BILINEAR)
        pixels = np.asarray(image, dtype=np.float32) / 255
    return pixels[None] if pixels.ndim == 2 else pixels.transpose(2, 0, 1)


_decoder = pillow_decode


def set_decoder(decode) -> None:
    """Decode every image from now on with ``decode(path, size, color)`` (raising any exception with a
    reason when it cannot)."""
    global _decoder
    _decoder = decode


@dataclass(frozen=True)
class Layout:
    classes: tuple
    train: tuple  # ((path, class index), ...)
    test: tuple | None  # the folder's own test split, or None


def folder_layout(root: Path) -> Layout:
    """The class folders and image files under ``root``; DatasetError naming the folder when it is not a
    folder of (at least two) class folders of images."""
    try:
        entries = {e.name for e in os.scandir(root) if e.is_dir()}
        if {"train", "test"} <= entries:
            classes, index = folder.find_classes(root / "train")
            test_classes, _ = folder.find_classes(root / "test")
            if test_classes != classes:
                raise DatasetError(Text("data", "{folder}: test/ has the classes {test} but train/ has {train}; they "
                                        "must be the same.").format(folder=root, test=", ".join(test_classes),
                                                                   train=", ".join(classes)))
            train, test = folder.make_dataset(root / "train", index), folder.make_dataset(root / "test", index)
        else:
            classes, index = folder.find_classes(root)
            train, test = folder.make_dataset(root, index), None
    except (FileNotFoundError, NotADirectoryError, PermissionError) as error:
        raise DatasetError(Text("data", "Not an image folder: {problem}").format(
            problem=str(error).removeprefix("ImageFolder: "))) \
            from None
    if len(classes) < 2:
        raise DatasetError(Text("data", "{folder} has one class folder only ({name}); a classifier needs at least "
                                "two, one subfolder of images per class.").format(folder=root, name=classes[0]))
    return Layout(tuple(classes), tuple(train), None if test is None else tuple(test))


def folder_stamp(root: Path):
    """Changes when a class folder is added, removed or has files added or removed (folder mtimes)."""
    try:
        stamps = [(str(root), os.stat(root).st_mtime_ns)]
        for top in os.scandir(root):
            if top.is_dir():
                stamps.append((top.name, top.stat().st_mtime_ns))
                stamps += [(top.name, e.name, e.stat().st_mtime_ns) for e in os.scandir(top.path) if e.is_dir()]
        return tuple(stamps)
    except OSError:
        return None


def decode_all(samples, size: int, color: str) -> tuple[np.ndarray, np.ndarray]:
    """(images float32 (N, C, size, size), labels int64 (N,)) of ``samples`` [(path, class index)]."""
    x = np.empty((len(samples), COLORS[color], size, size), np.float32)
    for i, (path, _) in enumerate(samples):
        try:
            x[i] = _decoder(path, size, color)
        except DatasetError:
            raise
        except Exception as error:  # any decoder's failure names the image
            raise DatasetError(Text("data", "Cannot read the image {file}: {reason}").format(
                file=path, reason=str(error) or type(error).__name__)) from None
    return x, np.array([label for _, label in samples], np.int64)
