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
