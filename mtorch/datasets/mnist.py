"""MNIST and Fashion-MNIST from their four standard IDX files, as `torchvision.datasets.MNIST` and
`FashionMNIST`.

MNIST's files ship inside mtorch (the package folder `mtorch/datasets/_data/mnist`, which is the repository's
`data/mnist/`), so `MNIST()` needs no root. Given a root, a dataset reads its files from `root/<Name>/raw/`
(where torchvision keeps them) or else from `root/` itself, each file gzip'd (`.gz`) or not. mtorch works
offline: `download=True` downloads nothing, and missing files are named with the folder to put them in.
"""

import gzip
import hashlib
import zlib
from importlib.resources import files
from pathlib import Path

import numpy as np

from ..creation import from_numpy
from ..utils.data import Dataset
from .transforms import ToTensor, apply_transform

_FILES = {True: ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
          False: ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}


def shipped(*parts):
    """The path of a data file or folder shipped inside mtorch: `shipped("mnist")`."""
    return Path(files("mtorch.datasets"), "_data", *parts)  # pip installs packages as folders on disk


class MNIST(Dataset):
    """The 60,000 training or 10,000 test digits.

    `.data` is a uint8 Tensor (N, 28, 28), `.targets` an int64 Tensor (N,). An item is `(image, label)`:
    the image is `transform(x)` of the uint8 (28, 28) numpy array `x`, or without a transform a float32
    Tensor (1, 28, 28) in [0, 1]; the label is an int, or `target_transform(label)`.
    Without a root the files shipped with mtorch are read, and their contents checked against the standard
    files' SHA-256 (as are MNIST files found under a root).
    """

    classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four",
               "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"]
    source = "https://yann.lecun.com/exdb/mnist/"
    # SHA-256 of each file's decompressed contents, so any gzip of the standard files passes
    sha256 = {
        "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    }
    shipped_folder = "mnist"

    def __init__(self, root=None, train=True, transform=None, target_transform=None, download=False):
        name = type(self).__name__
        if root is None and self.shipped_folder is None:
            raise ValueError(f"{name}: its files do not ship with mtorch; "
                             f"{self._where_to_put(Path('ROOT'), train)}, and pass root=ROOT")
        self.root = shipped(self.shipped_folder) if root is None else Path(root)
        self.train = train
        self.transform = transform
        self.target_transform = target_transform
        images_path, labels_path = self._find_files(self.root, train, download)
        images, labels = self._read(images_path, 3), self._read(labels_path, 1)
        if images.shape[1:] != (28, 28) or len(images) != len(labels):
            raise ValueError(f"{name}: {images_path} holds images of shape {images.shape} and {labels_path} "
                             f"{len(labels)} labels; expected (N, 28, 28) images and N labels")
        self.data = from_numpy(images)
        self.targets = from_numpy(labels.astype(np.int64))

    @property
    def raw_folder(self):
        """Where torchvision keeps the files under a root: `root/<Name>/raw`."""
        return self.root / type(self).__name__ / "raw"

    @property
    def class_to_idx(self):
        return {c: i for i, c in enumerate(self.classes)}

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        image, label = self.data.numpy()[index], int(self.targets.numpy()[index])
        image = ToTensor()(image) if self.transform is None else self.transform(image)
        return image, label if self.target_transform is None else self.target_transform(label)

    def __getitems__(self, indices):
        images, labels = self.data.numpy()[indices], self.targets.numpy()[indices]
        images = apply_transform(ToTensor() if self.transform is None else self.transform, images)
        labels = from_numpy(labels) if self.target_transform is None else apply_transform(
            self.target_transform, labels.tolist())
        return [images, labels]

    def __repr__(self):
        split = "Train" if self.train else "Test"
        return f"Dataset {type(self).__name__}\n    Number of datapoints: {len(self)}\n" \
               f"    Root location: {self.root}\n    Split: {split}"

    # ---- files ---------------------------------------------------------------------------------------------

    def _where_to_put(self, root, train):
        names = " and ".join(f"{n}.gz" for n in _FILES[train])
        return (f"put {names} (gzip'd or not; from {self.source}) in {root / type(self).__name__ / 'raw'}/ "
                f"(torchvision's layout) or in {root}/")

    def _find_files(self, root, train, download):
        """The split's (images, labels) paths in the first of `root/<Name>/raw`, `root` that has any of them."""
        name = type(self).__name__
        offline = " (mtorch works offline: download=True downloads nothing)" if download else ""
        for folder in (root / name / "raw", root):
            found = [_existing(folder / n) for n in _FILES[train]]
            if all(found):
                return found
            if any(found):
                (present,), (missing,) = [[n for n, path in zip(_FILES[train], found) if (path is None) == absent]
                                          for absent in (False, True)]
                raise FileNotFoundError(f"{name}: {folder} has {present} but not {missing}.gz (or {missing})"
                                        f"{offline}; put it there")
        split = "training" if train else "test"
        raise FileNotFoundError(f"{name}: the {split} files are not in {root}{offline}: "
                                + self._where_to_put(root, train))

    def _read(self, path, ndim):
        """The array in IDX file `path`: magic 0x0000 08 ndim (uint8 data), ndim big-endian uint32 sizes, data."""
        raw = path.read_bytes()
        if path.suffix == ".gz":
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError, zlib.error) as error:
                raise ValueError(f"{type(self).__name__} file {path} is corrupted (not a readable gzip file: "
                                 f"{error}); replace it") from None
        stem = path.name.removesuffix(".gz")
        if self.sha256 is not None:
            digest = hashlib.sha256(raw).hexdigest()
            if digest != self.sha256[stem]:
                raise ValueError(f"{type(self).__name__} file {path} is corrupted: its contents have SHA-256 "
                                 f"{digest}, expected {self.sha256[stem]}; replace it")
        header = 4 + 4 * ndim
        sizes = tuple(int(s) for s in np.frombuffer(raw, ">u4", ndim, 4)) if len(raw) >= header else ()
        if raw[:4] != bytes([0, 0, 8, ndim]) or len(raw) != header + int(np.prod(sizes)):
            raise ValueError(f"{type(self).__name__} file {path} is not an IDX file of {ndim}-d uint8 data of "
                             f"the size its header gives (truncated or another file?); replace it")
        return np.frombuffer(raw, np.uint8, offset=header).reshape(sizes)


class FashionMNIST(MNIST):
    """Zalando's 70,000 28x28 grey images of clothes in 10 classes, in MNIST's file format and layout.

    Its files do not ship with mtorch: pass `root=` the folder that holds them (`root/FashionMNIST/raw/`,
    torchvision's layout, or `root/` itself). They are checked for format and size, not against checksums.
    """

    classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot"]
    source = "https://github.com/zalandoresearch/fashion-mnist"
    sha256 = None
    shipped_folder = None


def _existing(path):
    """`path.gz` if it exists, else `path` if it exists, else None."""
    gz = path.with_name(path.name + ".gz")
    return gz if gz.is_file() else path if path.is_file() else None
