"""mtorch.datasets: MNIST and FashionMNIST (files, layouts, checks, transforms, batches) and SineToCosine."""

import gzip
import shutil

import numpy as np
import pytest

import mtorch
from mtorch.datasets import MNIST, FashionMNIST, SineToCosine, transforms
from mtorch.datasets.mnist import shipped
from mtorch.utils.data import DataLoader, Subset, default_collate

TEST_FILES = ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
NORMALIZE = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])


@pytest.fixture(scope="module")
def mnist_test():
    return MNIST(train=False)


@pytest.fixture
def test_files(tmp_path):
    for name in TEST_FILES:
        shutil.copy(shipped("mnist", name), tmp_path / name)
    return tmp_path


def test_mnist_arrays_and_items(mnist_test):
    assert len(mnist_test) == 10_000 and len(mnist_test.classes) == 10
    assert mnist_test.data.shape == (10_000, 28, 28) and mnist_test.data.dtype == mtorch.uint8
    assert mnist_test.targets.dtype == mtorch.int64
    assert np.bincount(mnist_test.targets.numpy()).tolist()[:2] == [980, 1135]
    image, label = mnist_test[0]
    assert image.shape == (1, 28, 28) and image.dtype == mtorch.float32 and label == 7
    assert 0 <= image.numpy().min() and image.numpy().max() == 1
    np.testing.assert_array_equal(image.numpy()[0] * 255, mnist_test.data.numpy()[0])


def test_mnist_training_split_reads_its_own_files():
    train = MNIST(train=True)
    assert train.data.shape == (60_000, 28, 28) and train.targets[0].item() == 5


def test_mnist_from_any_folder(test_files):
    assert len(MNIST(root=test_files, train=False)) == 10_000
    assert len(MNIST(root=str(test_files), train=False, download=True)) == 10_000  # present: no download


def test_mnist_in_torchvisions_layout_gzipd_or_not(test_files, mnist_test):
    raw = test_files / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name in TEST_FILES:  # torchvision keeps the .gz and its extracted copy side by side
        (raw / name.removesuffix(".gz")).write_bytes(gzip.decompress((test_files / name).read_bytes()))
        (test_files / name).unlink()
    ds = MNIST(test_files, False)
    assert ds.root == test_files and ds.raw_folder == raw
    np.testing.assert_array_equal(ds.data.numpy(), mnist_test.data.numpy())
    np.testing.assert_array_equal(ds.targets.numpy(), mnist_test.targets.numpy())


def test_missing_files_say_which_to_put_where(tmp_path, test_files):
    with pytest.raises(FileNotFoundError) as error:
        MNIST(root=tmp_path / "empty", train=True, download=True)
    message = str(error.value)
    for text in ("train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz", "downloads nothing",
                 str(tmp_path / "empty" / "MNIST" / "raw"), "torchvision's layout"):
        assert text in message
    (test_files / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(FileNotFoundError, match="has t10k-images-idx3-ubyte but not t10k-labels-idx1-ubyte.gz"):
        MNIST(root=test_files, train=False)


def test_corrupted_files_are_named(test_files):
    images = test_files / "t10k-images-idx3-ubyte.gz"
    raw = bytearray(gzip.decompress(images.read_bytes()))
    raw[5000] ^= 1  # one flipped bit in one pixel
    images.write_bytes(gzip.compress(bytes(raw), compresslevel=1))
    with pytest.raises(ValueError, match="t10k-images-idx3-ubyte.gz is corrupted.*SHA-256"):
        MNIST(root=test_files, train=False)
    images.write_bytes(b"not a gzip file")
    with pytest.raises(ValueError, match="t10k-images-idx3-ubyte.gz is corrupted.*gzip"):
        MNIST(root=test_files, train=False)


def _write_idx(path, array):
    header = bytes([0, 0, 8, array.ndim]) + np.asarray(array.shape, ">u4").tobytes()
    path.write_bytes(gzip.compress(header + array.astype(np.uint8).tobytes(), compresslevel=1))


def test_fashion_mnist_reads_the_same_format(tmp_path):
    raw = tmp_path / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    images = np.random.default_rng(0).integers(0, 256, (7, 28, 28))
    _write_idx(raw / "t10k-images-idx3-ubyte.gz", images)
    _write_idx(raw / "t10k-labels-idx1-ubyte.gz", np.arange(7) % 10)
    ds = FashionMNIST(tmp_path, train=False)
    assert len(ds) == 7 and ds.classes[9] == "Ankle boot" and ds.class_to_idx["Bag"] == 8
    image, label = ds[3]
    assert label == 3 and image.shape == (1, 28, 28)
    np.testing.assert_array_equal(ds.data.numpy(), images)
    assert "Dataset FashionMNIST" in repr(ds)
    with pytest.raises(ValueError, match="not an IDX file"):  # a truncated file
        (raw / "t10k-images-idx3-ubyte.gz").write_bytes(gzip.compress(bytes([0, 0, 8, 3]) + bytes(20)))
        FashionMNIST(tmp_path, train=False)


def test_fashion_mnist_files_do_not_ship(tmp_path):
    with pytest.raises(ValueError, match="do not ship with mtorch; put .* and pass root=ROOT"):
        FashionMNIST()
    with pytest.raises(FileNotFoundError, match=r"zalandoresearch.*FashionMNIST/raw/ "):
        FashionMNIST(tmp_path, download=True)


def test_pytorch_example_transform(mnist_test):
    mnist_test.transform = NORMALIZE
    try:
        image, _ = mnist_test[0]
    finally:
        mnist_test.transform = None
    expected = (mnist_test.data.numpy()[0] / np.float32(255) - np.float32(0.1307)) / np.float32(0.3081)
    assert image.shape == (1, 28, 28) and image.dtype == mtorch.float32
    np.testing.assert_allclose(image.numpy()[0], expected, rtol=1e-6)


@pytest.mark.parametrize("transform, target_transform", [
    (None, None),
    (NORMALIZE, None),
    (transforms.Compose([transforms.ToTensor(), lambda x: x * 2]), lambda y: y + 1),  # per-sample fallback
])
def test_mnist_batches_equal_item_by_item(mnist_test, transform, target_transform):
    mnist_test.transform, mnist_test.target_transform = transform, target_transform
    try:
        subset = Subset(mnist_test, np.arange(0, 10_000, 97))
        fast = DataLoader(subset, batch_size=16, shuffle=True, generator=mtorch.Generator(1))
        slow = DataLoader(subset, batch_size=16, shuffle=True, generator=mtorch.Generator(1),
                          collate_fn=lambda samples: default_collate(samples))
        for (x_fast, y_fast), (x_slow, y_slow) in zip(fast, slow, strict=True):
            assert x_fast.dtype == x_slow.dtype and y_fast.dtype == y_slow.dtype
            np.testing.assert_array_equal(x_fast.numpy(), x_slow.numpy())
            np.testing.assert_array_equal(y_fast.numpy(), y_slow.numpy())
    finally:
        mnist_test.transform = mnist_test.target_transform = None


def test_to_tensor_channels_last_image():
    image = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)  # H, W, C
    tensor = transforms.ToTensor()(image)
    assert tensor.shape == (4, 2, 3)
    np.testing.assert_allclose(tensor.numpy(), image.transpose(2, 0, 1) / 255, rtol=1e-6)


def test_transforms_match_torchvision_formula():
    torch = pytest.importorskip("torch")
    images = np.random.default_rng(0).integers(0, 256, (3, 5, 5), dtype=np.uint8)
    ours = NORMALIZE.batched(images).numpy()
    # torchvision: ToTensor is img.float().div(255); Normalize is (x - mean) / std
    theirs = (torch.from_numpy(images).float().div(255).unsqueeze(1) - 0.1307) / 0.3081
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-6, atol=1e-6)


def test_sine_to_cosine_sequences():
    ds = SineToCosine(64, seq_len=20, seed=1)
    x, y = ds[3]
    assert x.shape == (20, 1) and y.shape == (20, 1) and x.dtype == mtorch.float32
    np.testing.assert_allclose(x.numpy() ** 2 + y.numpy() ** 2, 1, atol=1e-6)
    w, phase = ds.frequencies[3], ds.phases[3]
    t = np.arange(20) * ds.dt
    np.testing.assert_allclose(y.numpy()[:, 0], np.cos(w * t + phase), atol=1e-6)
    assert 1.0 <= ds.frequencies.min() and ds.frequencies.max() <= 2.0


def test_sine_to_cosine_splits_are_seeded_and_disjoint():
    train, again = SineToCosine(200, seed=4), SineToCosine(200, seed=4)
    np.testing.assert_array_equal(train.inputs.numpy(), again.inputs.numpy())
    test = SineToCosine(200, seed=4, split="test")
    assert not set(train.phases) & set(test.phases)
    assert not np.array_equal(SineToCosine(200, seed=5).phases, train.phases)
    with pytest.raises(ValueError, match="split"):
        SineToCosine(10, split="validation")


def test_sine_to_cosine_batches():
    ds = SineToCosine(40, seq_len=30)
    x, y = next(iter(DataLoader(ds, batch_size=8, shuffle=True)))
    assert x.shape == (8, 30, 1) and y.shape == (8, 30, 1)
