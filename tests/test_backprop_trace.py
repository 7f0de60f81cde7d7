"""The backprop inspector's plain parts: the trace holds mtorch.autograd's own gradients, the checks agree
with finite differences, the sources are the code that ran."""

import copy
import inspect

import numpy as np
import pytest

import mtorch
from mtorch import nn
from mtorch.nn.functional.linear import Linear
from mtorch.nn.functional.loss import CrossEntropy
from mtorch.nn.functional.reference import CrossEntropyReference
from mtorch_gui.backprop.session import InspectorSession
from mtorch_gui.backprop.sources import op_source, step_source
from mtorch_gui.backprop.trace import BackpropTrace, BackwardStep, sgd_step
from mtorch_gui.model.presets import PRESETS
from mtorch_gui.model.spec import LayerSpec, ModelSpec

ORIGINAL = "Original MLP (784-16-16-10, sigmoid output, square loss)"


def small_cnn():
    return nn.Sequential(nn.Conv2d(1, 3, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(3 * 4 * 4, 5))


def sample(shape, seed=0):
    return np.random.default_rng(seed).random((1, *shape)).astype(np.float32)


def reference_gradients(model, loss_fn, x, target):
    """Every parameter's gradient and dL/dx from a plain loss.backward() on a copy."""
    model = copy.deepcopy(model)
    model.eval()
    x = mtorch.from_numpy(x.copy()).requires_grad_()
    loss_fn(model(x), target).backward()
    return {name: p.grad.numpy() for name, p in model.named_parameters()}, x.grad.numpy()


@pytest.mark.parametrize("make, shape, loss_fn, target", [
    (PRESETS[ORIGINAL].build, (1, 28, 28), nn.MSELoss(), mtorch.from_numpy(np.eye(10, dtype=np.float32)[[4]])),
    (small_cnn, (1, 10, 10), nn.CrossEntropyLoss(), mtorch.tensor([2])),
])
def test_the_trace_holds_the_gradients_mtorch_autograd_computes(make, shape, loss_fn, target):
    mtorch.manual_seed(0)
    model = make()
    x = sample(shape)
    params, dx = reference_gradients(model, loss_fn, x, target)
    trace = BackpropTrace(model, loss_fn, x, target)
    sent = {}
    for step in trace.steps:
        for operand in step.operands:
            if operand.param:
                sent[operand.param] = operand.grad
            elif operand.label == "input x":
                sent["x"] = operand.grad
    assert sent.keys() == {*params, "x"}
    for name, grad in params.items():
        np.testing.assert_array_equal(sent[name], grad)
    np.testing.assert_array_equal(sent["x"], dx)
    # every step received what the step before it in the chain sent
    for step in trace.steps:
        if step.layer.index < len(trace.outputs):
            np.testing.assert_array_equal(step.grad_output, trace.output_grad(step.layer))


def test_the_steps_are_the_engines_nodes_in_its_order_each_in_its_layer():
    mtorch.manual_seed(0)
    trace = BackpropTrace(small_cnn(), nn.CrossEntropyLoss(), sample((1, 10, 10)), mtorch.tensor([1]))
    assert [s.name for s in trace.steps] == ["CrossEntropyBackward0", "LinearBackward0", "ReshapeBackward0",
                                             "MaxPool2dBackward0", "ReLUBackward0", "Conv2dBackward0"]
    assert [s.layer.title for s in trace.steps] == ["loss CrossEntropyLoss", "5 Linear", "4 Flatten", "3 MaxPool2d",
                                                    "2 ReLU", "1 Conv2d"]
    linear = trace.steps[1]
    assert [o.label for o in linear.operands] == ["output of 4 Flatten", "4.weight", "4.bias"]
    np.testing.assert_array_equal(linear.operands[0].value, trace.layers[3].output)
    np.testing.assert_array_equal(linear.output, trace.layers[4].output)
    np.testing.assert_array_equal(trace.layers[4].output[0], trace.prediction())


def test_every_check_of_the_original_network_agrees_with_finite_differences():
    mtorch.manual_seed(0)
    target = mtorch.from_numpy(np.eye(10, dtype=np.float32)[[7]])
    trace = BackpropTrace(PRESETS[ORIGINAL].build(), nn.MSELoss(), sample((1, 28, 28)), target)
    for step in trace.steps:
        for result in trace.check_step(step).run():
            assert result.ok, (step.name, result.label, result.max_difference)
            assert result.checked.sum() == min(result.analytic.size, 64)
            worst = np.abs(result.analytic - result.numeric)[result.checked].max()
            assert result.max_difference == pytest.approx(worst)


def test_a_wrong_backward_fails_its_check():
    mtorch.manual_seed(0)
    trace = BackpropTrace(small_cnn(), nn.CrossEntropyLoss(), sample((1, 10, 10)), mtorch.tensor([1]))
    step = trace.steps[1]
    job = trace.check_step(step)
    job.tensors[1] = (job.tensors[1][0], job.tensors[1][1], job.tensors[1][2] * 1.5)  # dL/dW off by half
    results = job.run()
    assert results[0].ok and not results[1].ok


def test_max_pool_ties_are_left_out_of_the_check_as_kinks():
    # relu zeros tie in every max-pool window of a negative patch: there the derivative is not defined
    model = nn.Sequential(nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4, 2))
    x = np.array([[[[-1, -2, 3, 1], [-3, -1, 2, 0.5], [1, 2, -1, -1], [0.5, 4, -2, -3]]]], np.float32)
    trace = BackpropTrace(model, nn.CrossEntropyLoss(), x, mtorch.tensor([0]))
    pool = next(s for s in trace.steps if s.name == "MaxPool2dBackward0")
    (result,) = trace.check_step(pool).run()
    assert result.ok and result.kinks > 0


def test_one_sgd_step_moves_every_weight_against_its_gradient():
    mtorch.manual_seed(0)
    model = small_cnn()
    trace = BackpropTrace(model, nn.CrossEntropyLoss(), sample((1, 10, 10)), mtorch.tensor([3]))
    before = {n: (p.numpy().copy(), p.grad.numpy().copy()) for n, p in model.named_parameters()}
    sgd_step(model, 0.1)
    for name, p in model.named_parameters():
        np.testing.assert_allclose(p.numpy(), before[name][0] - 0.1 * before[name][1], rtol=1e-6)
    after = BackpropTrace(model, nn.CrossEntropyLoss(), sample((1, 10, 10)), mtorch.tensor([3]))
    assert after.loss < trace.loss


def test_the_source_shown_is_the_backward_that_ran():
    source = op_source(Linear)
    assert inspect.getsource(Linear.backward) in source
    assert "dL/dx = g @ W" in source
    fused = op_source(CrossEntropy)
    assert fused.index("class CrossEntropyReference") < fused.index("class CrossEntropy(")
    assert "_per_row" in fused  # the helpers the fused backward calls come with it
    assert "one_hot" in op_source(CrossEntropyReference)


def test_the_session_steps_forward_then_backward_and_an_sgd_step_lowers_the_loss():
    spec = ModelSpec(name="tiny", dataset="mnist", input_shape=(1, 28, 28),
                     layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 10})],
                     training={"loss": "CrossEntropyLoss", "optimizer": "SGD", "lr": 0.1})
    session = InspectorSession()
    session.set_payload({"spec": spec, "state_dict": None})
    session.choose(sample((1, 28, 28))[0], 3, "a sample")
    steps = session.steps
    assert [type(s).__name__ for s in steps] == ["LayerStep"] * 3 + ["BackwardStep"] * 3
    assert session.first_backward() == 3
    session.go(99)
    assert isinstance(session.current(), BackwardStep) and session.position == 5
    result = session.apply_step("SGD", 0.5)
    assert result.loss_after < result.loss_before
    assert result.prediction_after[3] > result.prediction_before[3]
    session.reset_weights()
    assert session.trace.loss == pytest.approx(result.loss_before)


def test_the_computational_graph_is_the_autograd_graph_with_its_shapes():
    from mtorch.autograd.function import AccumulateGrad
    from mtorch_gui.backprop.graph import INPUT, OP, PARAM, graph_of

    mtorch.manual_seed(0)
    model = small_cnn()
    trace = BackpropTrace(model, nn.CrossEntropyLoss(), sample((1, 10, 10)), mtorch.tensor([1]))
    graph = graph_of(trace)
    ops = [n for n in graph.nodes if n.kind == OP]
    assert [n.label for n in ops] == [s.name for s in trace.steps]
    assert sorted(n.label for n in graph.nodes if n.kind == PARAM) == sorted(n for n, _ in model.named_parameters())
    assert [n.label for n in graph.nodes if n.kind == INPUT] == ["input x"]
    # every edge of the autograd graph, and no other, forward: from what a node reads to the node
    expected = set()
    for step in trace.steps:
        for edge in step.node.edges:
            if edge is not None:
                source = edge[0].variable if type(edge[0]) is AccumulateGrad else edge[0]
                expected.add((id(source), id(step.node)))
    assert set(graph.edges) == expected
    for layer in trace.layers[:-1]:  # an op's shape is that of the value it made
        assert graph.node(id(layer.nodes[-1])).shape == layer.output.shape
    conv = graph.node(id(trace.steps[-1].node))
    assert graph.node(id(model[0].weight)).column == conv.column - 1
    assert all(graph.node(a).column < graph.node(b).column for a, b in graph.edges)


def test_the_adam_step_by_the_reference_equals_mtorchs_adam():
    spec = ModelSpec(name="tiny", dataset="mnist", input_shape=(1, 28, 28),
                     layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 10})],
                     training={"loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01})
    session = InspectorSession()
    session.set_payload({"spec": spec, "state_dict": None})
    x = sample((1, 28, 28))
    session.choose(x[0], 3, "a sample")
    model = copy.deepcopy(session.model)
    adam = mtorch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(3):
        adam.zero_grad()
        nn.functional.cross_entropy(model(mtorch.from_numpy(x)), mtorch.tensor([3])).backward()
        adam.step()
        result = session.apply_step("Adam", 0.01)
    for (name, p), (_, q) in zip(session.model.named_parameters(), model.named_parameters()):
        np.testing.assert_allclose(p.numpy(), q.numpy(), rtol=1e-5, atol=1e-7, err_msg=name)
    assert result.loss_after < result.loss_before and session.adam_state["t"] == 3
    assert "def adam_step_reference" in step_source("Adam") and "def sgd_step" in step_source("SGD")
