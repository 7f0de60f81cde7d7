"""The per-epoch analysis: the embedding map's PCA is numpy's SVD of the penultimate activations, the
histograms count the weights and the gradients computed directly."""

import numpy as np

import mtorch
from mtorch import nn
from mtorch_gui.backprop.analysis import BINS, EpochAnalysis, Histogram, pca_2d, penultimate_index
from mtorch_gui.data.registry import dataset_info
from mtorch_gui.data.splits import DatasetSplits, Split
from mtorch_gui.model.spec import LayerSpec, ModelSpec
from mtorch_gui.training.engine import numpy_state_dict


def spec():
    return ModelSpec(name="tiny", dataset="mnist", input_shape=(1, 28, 28),
                     layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 12}), LayerSpec("ReLU"),
                             LayerSpec("Linear", {"out_features": 10})],
                     training={"loss": "CrossEntropyLoss", "optimizer": "SGD", "lr": 0.1})


def data(n=300):
    rng = np.random.default_rng(0)
    split = Split(rng.random((n, 1, 28, 28)).astype(np.float32), rng.integers(0, 10, n))
    return DatasetSplits(dataset_info("mnist"), split, split, split)


def test_pca_is_numpys_svd_of_the_centred_features():
    rng = np.random.default_rng(1)
    features = rng.standard_normal((200, 6)) @ rng.standard_normal((6, 6)) + 3
    points, explained = pca_2d(features)
    centred = features - features.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    direct = centred @ vt[:2].T
    for k in range(2):  # the same axes, each up to its sign
        assert np.allclose(points[:, k], direct[:, k]) or np.allclose(points[:, k], -direct[:, k])
    np.testing.assert_allclose(explained, (s[:2] ** 2) / (s**2).sum())
    assert np.allclose(points.mean(axis=0), 0)


def test_the_embedding_is_the_last_linears_input_and_the_histograms_count_what_they_say():
    mtorch.manual_seed(0)
    model = spec().build()
    splits = data()
    result = EpochAnalysis({"spec": spec(), "state_dict": numpy_state_dict(model)}, splits, epoch=3).run()
    assert penultimate_index(model) == 3 and result.embedding.layer == "4 Linear"
    with mtorch.no_grad():
        features = model[2](model[1](model[0](mtorch.from_numpy(splits.test.x)))).numpy()
        predictions = model(mtorch.from_numpy(splits.test.x)).numpy().argmax(axis=1)
    points, _ = pca_2d(features)
    np.testing.assert_allclose(result.embedding.points, points, rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(result.embedding.predictions, predictions)
    np.testing.assert_array_equal(result.embedding.labels, splits.test.y)
    weight = model[1].weight.numpy()
    np.testing.assert_array_equal(result.weights["1.weight"].counts, np.histogram(weight, BINS)[0])
    # the gradient histogram is of d(loss)/d(weight) on the first 256 training samples
    nn.functional.cross_entropy(model(mtorch.from_numpy(splits.train.x[:256])),
                                mtorch.from_numpy(splits.train.y[:256])).backward()
    expected = np.histogram(model[1].weight.grad.numpy(), BINS)[0]
    np.testing.assert_array_equal(result.gradients["1.weight"].counts, expected)
    assert result.epoch == 3 and set(result.weights) == {"1.weight", "1.bias", "3.weight", "3.bias"}


def test_a_constant_tensor_gets_one_narrow_bin():
    histogram = Histogram.of(np.zeros(7))
    assert histogram.counts.sum() == 7 and histogram.edges[-1] - histogram.edges[0] < 0.01
