"""The Playground's numbers: the model's output over the plane and every neuron's, read directly."""

import numpy as np

import mtorch
from mtorch import nn
from mtorch_gui.backprop.playground import GRID, PlaygroundFrame, grid_points, small_mlp


def test_the_surface_is_p_class_1_of_the_model_on_the_grid_and_each_neuron_its_activation():
    mtorch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    frame = PlaygroundFrame.compute(model)
    points = grid_points()
    assert points.shape == (GRID * GRID, 2)
    assert points[0].tolist() == [-6.0, 6.0] and points[-1].tolist() == [6.0, -6.0]  # top left to bottom right
    with mtorch.no_grad():
        x = mtorch.from_numpy(points)
        hidden1 = model[1](model[0](x)).numpy()
        hidden2 = model[3](model[2](model[1](model[0](x)))).numpy()
        p = nn.functional.softmax(model(x), dim=1).numpy()[:, 1]
    np.testing.assert_allclose(frame.surface.reshape(-1), p, rtol=1e-5, atol=1e-6)
    assert [len(c) for c in frame.columns] == [2, 4, 3, 2]
    np.testing.assert_array_equal(frame.columns[0][1].surface.reshape(-1), points[:, 1])  # the input x2
    for j in range(4):
        np.testing.assert_allclose(frame.columns[1][j].surface.reshape(-1), hidden1[:, j], rtol=1e-6)
    for j in range(3):
        np.testing.assert_allclose(frame.columns[2][j].surface.reshape(-1), hidden2[:, j], rtol=1e-6)
    assert [w.shape for w in frame.weights] == [(4, 2), (3, 4), (2, 3)]
    np.testing.assert_array_equal(frame.weights[1], model[2].weight.numpy())


def test_only_small_mlps_of_two_inputs_are_drawn_as_networks():
    assert small_mlp(nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1)))
    assert not small_mlp(nn.Sequential(nn.Linear(2, 9), nn.ReLU(), nn.Linear(9, 1)))
    assert not small_mlp(nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 1)))
    assert not small_mlp(nn.Sequential(nn.Linear(2, 4), nn.BatchNorm1d(4), nn.Linear(4, 1)))
    regression = PlaygroundFrame.compute(nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 1)))
    assert regression.columns == [] and regression.surface.shape == (GRID, GRID)


def test_the_features_of_a_point_feed_the_model_and_are_the_first_column():
    from mtorch.datasets import toy

    mtorch.manual_seed(0)
    names = toy.feature_names("sin(x1),x1,x1*x2")
    assert names == ["x1", "x1*x2", "sin(x1)"]  # in Playground's order
    model = nn.Sequential(nn.Linear(3, 2), nn.Tanh(), nn.Linear(2, 1))
    frame = PlaygroundFrame.compute(model, names)
    points = grid_points()
    inputs = np.stack([points[:, 0], points[:, 0] * points[:, 1], np.sin(points[:, 0])], axis=1)
    for column, neuron in enumerate(frame.columns[0]):
        np.testing.assert_allclose(neuron.surface.reshape(-1), inputs[:, column], rtol=1e-6)
    with mtorch.no_grad():
        expected = model(mtorch.from_numpy(inputs.astype(np.float32))).numpy()[:, 0]
    np.testing.assert_allclose(frame.surface.reshape(-1), expected, rtol=1e-5, atol=1e-6)


def test_a_2d_sets_features_option_sets_the_input_shape_and_the_points_features():
    from mtorch.datasets import toy
    from mtorch_gui.data.registry import DatasetError, dataset_info

    plain = dataset_info("spiral").load()
    info = dataset_info("spiral", {"features": "x1,x2,x1^2,sin(x2)"})
    assert info.input_shape == (4,) and info.canvas is None
    featured = info.load()
    np.testing.assert_allclose(featured.train.x, toy.features(plain.train.x, ["x1", "x2", "x1^2", "sin(x2)"]))
    np.testing.assert_array_equal(featured.test.y, plain.test.y)
    try:
        dataset_info("spiral", {"features": "x1,cos(x1)"})
    except DatasetError as error:
        assert "cos(x1)" in str(error.args[0])
    else:
        raise AssertionError("an unknown feature was accepted")


def test_pictures_lay_tensors_out_as_they_read():
    from mtorch_gui.backprop.pictures import picture_grid

    assert picture_grid(np.zeros((16, 784))).shape == (4 * 29 - 1, 4 * 29 - 1)  # Linear rows as 28x28 tiles
    assert picture_grid(np.zeros((50, 1))).shape == (1, 50)  # a sequence lies down
    assert picture_grid(np.zeros((50, 32))).shape == (50, 32)
    assert picture_grid(np.zeros(10)).shape == (1, 10)
