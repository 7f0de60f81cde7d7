"""mtorch.datasets.transforms: Lambda, RandomRotation, RandomAffine and functional.rotate/affine.

The geometry is pinned by exact cases (quarter turns against np.rot90, shifts); the sampling is compared
with PyTorch's grid_sample fed the same matrices, the way torchvision's tensor path calls it.
"""

import numpy as np
import pytest

import mtorch
from mtorch.datasets import MNIST
from mtorch.datasets import transforms as T
from mtorch.datasets.transforms import functional as F
from mtorch.utils.data import DataLoader, Subset

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("shape", [(5, 5), (6, 6, 3), (6, 4)])
def test_quarter_turns_are_exact(shape):
    image = RNG.integers(0, 256, shape, dtype=np.uint8)
    # rotate turns counter-clockwise, affine clockwise (torchvision's conventions)
    np.testing.assert_array_equal(F.rotate(image, 90, expand=True), np.rot90(image))
    if shape[0] == shape[1]:
        np.testing.assert_array_equal(F.rotate(image, 90), np.rot90(image))
        np.testing.assert_array_equal(F.affine(image, 90, (0, 0), 1.0, 0.0), np.rot90(image, -1))
    np.testing.assert_array_equal(F.rotate(image, 180), np.rot90(image, 2))
    tensor = mtorch.from_numpy(np.ascontiguousarray(np.moveaxis(np.atleast_3d(image), -1, 0)))
    turned = F.rotate(tensor, 180)
    assert isinstance(turned, mtorch.Tensor) and turned.dtype == mtorch.uint8
    np.testing.assert_array_equal(turned.numpy(), tensor.numpy()[:, ::-1, ::-1])


def test_translate_moves_right_and_down_and_fills_what_it_leaves():
    image = RNG.random((6, 8), dtype=np.float32) + 1
    moved = F.affine(image, 0.0, (2, 1), 1.0, 0.0, fill=-1.0)
    np.testing.assert_array_equal(moved[1:, 2:], image[:-1, :-2])
    assert (moved[0] == -1).all() and (moved[:, :2] == -1).all()


def test_expand_holds_the_whole_image():
    image = np.zeros((10, 16), np.float32)
    assert F.rotate(image, 45, expand=True).shape == (20, 20)  # the sizes torchvision gives
    assert F.rotate(image, 30, expand=True).shape == (18, 20)
    assert F.rotate(image, 90, expand=True).shape == (16, 10)


def _torch_warp(torch, image, matrix, mode, fill):
    """torchvision's tensor path: a grid from the inverse matrix, grid_sample with zero padding, the fill
    blended in through a sampled all-ones channel."""
    c, h, w = image.shape
    xs = torch.linspace(-w * 0.5 + 0.5, w * 0.5 - 0.5, w)
    ys = torch.linspace(-h * 0.5 + 0.5, h * 0.5 - 0.5, h)
    base = torch.stack([xs.expand(h, w), ys[:, None].expand(h, w), torch.ones(h, w)], -1)
    theta = torch.tensor(matrix, dtype=torch.float32)
    grid = (base.reshape(-1, 3) @ theta.T / torch.tensor([0.5 * w, 0.5 * h])).reshape(1, h, w, 2)
    padded = torch.cat([torch.from_numpy(image), torch.ones(1, h, w)])[None]
    out = torch.nn.functional.grid_sample(padded, grid, mode=mode, padding_mode="zeros", align_corners=False)[0]
    img, mask = out[:-1], out[-1:].expand(c, h, w)
    fill_img = torch.tensor(fill, dtype=torch.float32).view(-1, 1, 1).expand(c, h, w)
    if mode == "nearest":
        return torch.where(mask < 0.5, fill_img, img).numpy()
    return (img * mask + (1 - mask) * fill_img).numpy()


@pytest.mark.parametrize("mode", ["nearest", "bilinear"])
def test_sampling_matches_pytorchs_grid_sample(mode):
    torch = pytest.importorskip("torch")
    for _ in range(20):
        c, h, w = int(RNG.choice([1, 3])), int(RNG.integers(5, 30)), int(RNG.integers(5, 30))
        image = RNG.random((c, h, w), dtype=np.float32)
        angle, scale = float(RNG.uniform(-180, 180)), float(RNG.uniform(0.5, 1.5))
        translate, shear = RNG.integers(-4, 5, 2).tolist(), RNG.uniform(-30, 30, 2).tolist()
        center, fill = RNG.uniform(0, [w, h]).tolist(), RNG.random(c).tolist()
        ours = F.affine(mtorch.from_numpy(image), angle, translate, scale, shear, mode, fill, center).numpy()
        matrix = F.inverse_affine_matrix(F.centre(center, w, h), angle, translate, scale, shear)
        np.testing.assert_allclose(ours, _torch_warp(torch, image, matrix, mode, fill), atol=1e-5)


def test_integer_images_are_rounded_back():
    image = RNG.integers(0, 256, (9, 9, 3), dtype=np.uint8)
    out = F.rotate(image, 17.0, T.InterpolationMode.BILINEAR, fill=(255, 0, 0))
    expected = F.rotate(image.astype(np.float32), 17.0, "bilinear", fill=(255, 0, 0))
    assert out.dtype == np.uint8 and out.shape == image.shape
    np.testing.assert_array_equal(out, np.rint(expected))


def test_random_transforms_draw_per_image_and_follow_manual_seed():
    batch = np.repeat(RNG.integers(0, 256, (1, 28, 28), dtype=np.uint8), 8, axis=0)
    for transform in (T.RandomRotation(30), T.RandomAffine(20, translate=(0.1, 0.2), scale=(0.8, 1.2), shear=10)):
        mtorch.manual_seed(1)
        out = transform.batched(batch)
        assert out.shape == batch.shape and out.dtype == np.uint8
        assert len({o.tobytes() for o in out}) == 8  # every image its own draw
        mtorch.manual_seed(1)
        np.testing.assert_array_equal(transform.batched(batch), out)
        mtorch.manual_seed(1)
        single = transform(batch[0])
        mtorch.manual_seed(1)
        np.testing.assert_array_equal(transform(batch[0]), single)


def test_batched_equals_one_by_one_for_fixed_parameters():
    images = RNG.random((4, 2, 11, 13), dtype=np.float32)
    for transform in (T.RandomRotation((25, 25), interpolation=T.InterpolationMode.BILINEAR, fill=0.5),
                      T.RandomAffine((-10, -10), translate=(0, 0), scale=(1.5, 1.5), shear=(5, 5, -3, -3))):
        batched = transform.batched(mtorch.from_numpy(images)).numpy()
        one_by_one = np.stack([transform(mtorch.from_numpy(image)).numpy() for image in images])
        np.testing.assert_allclose(batched, one_by_one, atol=1e-6)


def test_get_params_ranges():
    mtorch.manual_seed(0)
    angle, (dx, dy), scale, (sx, sy) = T.RandomAffine.get_params([-5, 5], [0.1, 0.5], [0.9, 1.1], [-2, 2, 3, 4],
                                                                 [28, 10])
    assert -5 <= angle <= 5 and isinstance(dx, int) and abs(dx) <= 3 and abs(dy) <= 5
    assert 0.9 <= scale <= 1.1 and -2 <= sx <= 2 and 3 <= sy <= 4
    assert -7 <= T.RandomRotation.get_params([-7, 7]) <= 7


def test_mnist_with_augmentation_in_a_loader():
    train = MNIST(train=False, transform=T.Compose([T.RandomAffine(15, translate=(0.1, 0.1)), T.ToTensor(),
                                                    T.Lambda(lambda x: x * 2)]))
    images, labels = next(iter(DataLoader(Subset(train, range(64)), batch_size=32, shuffle=True)))
    assert images.shape == (32, 1, 28, 28) and images.dtype == mtorch.float32 and labels.shape == (32,)
    assert 0 <= images.numpy().min() and images.numpy().max() <= 2


def test_bad_arguments_are_torchvisions_errors():
    cases = [
        (lambda: T.Lambda(3), TypeError, "Argument lambd should be callable, got 'int'"),
        (lambda: T.RandomRotation(-1), ValueError, "If degrees is a single number, it must be positive."),
        (lambda: T.RandomRotation((1, 2, 3)), ValueError, "degrees should be a sequence of length 2."),
        (lambda: T.RandomAffine(0, translate=(0.5, 2)), ValueError, "translation values should be between 0 and 1"),
        (lambda: T.RandomAffine(0, scale=(0, 1)), ValueError, "scale values should be positive"),
        (lambda: T.RandomAffine(0, shear=(1, 2, 3)), ValueError, "shear should be a sequence of length 2 or 4."),
        (lambda: T.RandomAffine(0, fill={1}), TypeError, "Fill should be either a sequence or a number."),
        (lambda: F.rotate(np.zeros(5), 10), ValueError, "expected an image"),
        (lambda: F.rotate(np.zeros((5, 5)), 10, "bicubic"), ValueError, "bicubic"),
    ]
    for make, error, message in cases:
        with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
            make()
    assert repr(T.RandomRotation(10)) == "RandomRotation(degrees=[-10.0, 10.0], interpolation=nearest, " \
                                         "expand=False, fill=0)"
