"""Augmentation of image batches on the training worker (mtorch_gui.data.augment) and in the engine."""

import numpy as np

import mtorch
from mtorch_gui.data import augment
from mtorch_gui.model.spec import LayerSpec, ModelSpec
from mtorch_gui.training.config import TrainingConfig
from mtorch_gui.training.datasets import load_dataset
from mtorch_gui.training.engine import Trainer


def square_batch(n=4):
    x = np.zeros((n, 1, 12, 12), np.float32)
    x[:, :, 4:8, 4:8] = 1
    return x


def test_augment_moves_the_images_and_keeps_the_batch():
    x = square_batch()
    mtorch.manual_seed(0)
    moved = augment.augment(x, {"shift": 3})
    assert moved.shape == x.shape and moved.dtype == np.float32 and moved is not x
    assert np.all(x[:, :, 4:8, 4:8] == 1)  # the data itself never changes
    assert not np.array_equal(moved, x) and np.allclose(moved.sum(axis=(1, 2, 3)), 16)  # whole-pixel shifts
    mtorch.manual_seed(0)
    assert np.array_equal(augment.augment(x, {"shift": 3}), moved)  # drawn from mtorch's generator
    turned = augment.augment(x, {"rotation": 45.0, "scale": 0.2})
    assert not np.array_equal(turned, x) and 0 <= turned.min() and turned.max() <= 1
    noisy = augment.augment(x, {"noise": 0.3})
    assert 0 <= noisy.min() and noisy.max() <= 1 and 0 < np.abs(noisy - x).mean() < 0.3
    assert np.array_equal(augment.augment(x, {}), x)


def test_bad_settings_and_non_image_data_are_refused():
    assert augment.problems({"shift": 2, "rotation": 10, "scale": 0.1, "noise": 0.05}) == []
    assert "must be from 0 to 16" in augment.problems({"shift": 40})[0]
    assert "Unknown augmentation zoom" in augment.problems({"zoom": 2})[0]
    assert "Augmentation is for images and spiral holds none" in TrainingConfig(
        dataset="spiral", augmentation={"noise": 0.1}).problems()[0]


def test_a_run_with_augmentation_trains_reproducibly():
    spec = ModelSpec(dataset="mnist", layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 10})])
    data = load_dataset("mnist", limit=256)
    settings = {"shift": 2, "rotation": 10.0, "noise": 0.05}

    def weights():
        trainer = Trainer(spec, TrainingConfig.for_spec(spec, epochs=1, augmentation=settings), data=data)
        for _ in trainer.train():
            pass
        return trainer.model.state_dict()["1.weight"].numpy()

    plain = Trainer(spec, TrainingConfig.for_spec(spec, epochs=1), data=data)
    for _ in plain.train():
        pass
    first = weights()
    assert np.array_equal(first, weights()) and not np.array_equal(first, plain.model.state_dict()["1.weight"].numpy())
