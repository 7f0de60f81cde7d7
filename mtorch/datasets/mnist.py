"""MNIST handwritten digits from the four standard IDX `.gz` files, as `torchvision.datasets.MNIST`."""

import gzip
import hashlib
import zlib
from pathlib import Path

import numpy as np

from ..creation import from_numpy
from ..utils.data import Dataset
from .transforms import ToTensor, apply_transform

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "data" / "mnist"

# SHA-256 of each file's decompressed contents, so any gzip of the standard files passes.
_FILES = {
    "train-images-idx3-ubyte.gz": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte.gz": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte.gz": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte.gz": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}
_WHAT_TO_DO = (f"put the four standard MNIST files ({', '.join(_FILES)}) in {{root}} or pass root= a folder "
               f"that holds them (mtorch's copy is in data/mnist/ of its repository)")


class MNIST(Dataset):
    """The 60,000 training or 10,000 test digits.

    `.data` is a uint8 Tensor (N, 28, 28), `.targets` an int64 Tensor (N,). An item is `(image, label)`:
    the image is `transform(x)` of the uint8 (28, 28) numpy array `x`, or without a transform a float32
    Tensor (1, 28, 28) in [0, 1]; the label is an int, or `target_transform(label)`.
    The files are read from `root` (default: the repository's `data/mnist/`) and their contents checked
    against the standard files' SHA-256. mtorch works offline: `download=True` downloads nothing.
    """

    classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four",
               "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"]

    def __init__(self, root=None, train=True, transform=None, target_transform=None, download=False):
        self.root = DEFAULT_ROOT if root is None else Path(root)
        self.train = train
        self.transform = transform
        self.target_transform = target_transform
        prefix = "train" if train else "t10k"
        images = _read_idx(self.root / f"{prefix}-images-idx3-ubyte.gz", 3, download)
        labels = _read_idx(self.root / f"{prefix}-labels-idx1-ubyte.gz", 1, download)
        self.data = from_numpy(images)
        self.targets = from_numpy(labels.astype(np.int64))

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
        return f"Dataset MNIST\n    Number of datapoints: {len(self)}\n    Root location: {self.root}\n" \
               f"    Split: {split}"


def _read_idx(path, ndim, download):
    """The array in IDX file `path` (gzip'd): magic 0x0000 08 ndim (uint8), ndim big-endian sizes, data."""
    if not path.is_file():
        hint = " mtorch works offline and downloads nothing;" if download else ""
        raise FileNotFoundError(f"MNIST file {path} is missing:{hint} "
                                + _WHAT_TO_DO.format(root=path.parent))
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, zlib.error) as error:
        raise ValueError(f"MNIST file {path} is corrupted (not a readable gzip file: {error}); replace it: "
                         + _WHAT_TO_DO.format(root=path.parent)) from None
    digest = hashlib.sha256(raw).hexdigest()
    if digest != _FILES[path.name]:
        raise ValueError(f"MNIST file {path} is corrupted: its contents have SHA-256 {digest}, expected "
                         f"{_FILES[path.name]}; replace it: " + _WHAT_TO_DO.format(root=path.parent))
    sizes = np.frombuffer(raw, ">u4", ndim, 4)
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(sizes)
