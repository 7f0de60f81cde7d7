"""ImageFolder: one subfolder of images per class, as ``torchvision.datasets.ImageFolder``.

    root/cat/001.png
    root/cat/kitten.jpg
    root/dog/a.bmp

Classes are the subfolder names in sorted order (``.classes``, ``.class_to_idx``); ``.samples`` lists
``(path, class index)`` for every PNG, JPEG or BMP file (sorted, nested folders included, hidden files left
out). The default loader decodes with Pillow, an optional dependency imported only then: without it the
error says to install it or to pass ``loader=`` (any function path -> numpy image). Images are numpy arrays
``(H, W, 3)`` uint8 (RGB, as torchvision's loader converts), so mtorch's numpy transforms apply; without a
transform an item's image is a float32 Tensor (3, H, W) in [0, 1].
"""

import os
from pathlib import Path

import numpy as np

from ..utils.data import Dataset
from .transforms import ToTensor

IMG_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp")


def pil_loader(path):
    """The image at ``path`` as a numpy RGB array (H, W, 3) uint8, decoded by Pillow."""
    try:
        from PIL import Image
    except ImportError:
        raise ImportError("ImageFolder's default loader decodes images with Pillow, which is not installed: "
                          "pip install Pillow, or pass loader= a function path -> numpy image") from None
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def find_classes(root):
    """(sorted class folder names, {name: index}); FileNotFoundError when ``root`` has none."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"ImageFolder: {root} is not a folder")
    classes = sorted(e.name for e in os.scandir(root) if e.is_dir() and not e.name.startswith("."))
    if not classes:
        raise FileNotFoundError(f"ImageFolder: {root} has no class folders (one subfolder of images per class)")
    return classes, {name: i for i, name in enumerate(classes)}


def make_dataset(root, class_to_idx, extensions=IMG_EXTENSIONS):
    """[(path, class index)] of every image file under each class folder, sorted; FileNotFoundError naming
    the class folders that hold none."""
    samples, empty = [], []
    for name, index in sorted(class_to_idx.items(), key=lambda item: item[1]):
        found = sorted(str(Path(folder, f)) for folder, dirs, files in os.walk(Path(root, name), followlinks=True)
                       for f in files if not f.startswith(".") and f.lower().endswith(extensions))
        samples += [(path, index) for path in found]
        if not found:
            empty.append(name)
    if empty:
        raise FileNotFoundError(f"ImageFolder: no {'/'.join(e.lstrip('.').upper() for e in extensions)} image in "
                                f"the class folder(s) {', '.join(empty)} of {root}")
    return samples


class ImageFolder(Dataset):
    def __init__(self, root, transform=None, target_transform=None, loader=None):
        self.root = Path(root)
        self.transform, self.target_transform = transform, target_transform
        self.loader = pil_loader if loader is None else loader
        self.classes, self.class_to_idx = find_classes(self.root)
        self.samples = make_dataset(self.root, self.class_to_idx)
        self.imgs = self.samples  # torchvision's older name
        self.targets = [index for _, index in self.samples]

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, index):
        path, target = self.samples[index]
        image = self.loader(path)
        image = ToTensor()(image) if self.transform is None else self.transform(image)
        return image, target if self.target_transform is None else self.target_transform(target)

    def __repr__(self):
        return f"Dataset {type(self).__name__}\n    Number of datapoints: {len(self)}\n    Root location: {self.root}"
