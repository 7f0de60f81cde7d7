"""Module, Parameter and the containers: registration, traversal, modes, state_dict, repr, hooks."""

from collections import OrderedDict

import numpy as np
import pytest

import mtorch
from mtorch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 3)
        self.act = nn.ReLU()
        self.blocks = nn.ModuleList([nn.Linear(3, 3), nn.Linear(3, 2, bias=False)])
        self.scale = nn.Parameter(mtorch.ones(2))
        self.register_buffer("count", mtorch.zeros(1))
        self.register_buffer("scratch", mtorch.zeros(2), persistent=False)

    def forward(self, x):
        x = self.act(self.fc1(x))
        for block in self.blocks:
            x = block(x)
        return x * self.scale


NET_KEYS = ["scale", "count", "fc1.weight", "fc1.bias", "blocks.0.weight", "blocks.0.bias", "blocks.1.weight"]


def test_parameter_is_a_leaf_tensor_sharing_memory():
    t = mtorch.zeros(3)
    p = nn.Parameter(t)
    assert isinstance(p, mtorch.Tensor) and p.requires_grad and p.is_leaf
    assert p.numpy() is t.numpy()
    assert not nn.Parameter(t, requires_grad=False).requires_grad
    assert repr(p).startswith("Parameter containing:\ntensor(")


def test_registration_and_traversal():
    net = Net()
    assert [name for name, _ in net.named_parameters()] == [
        "scale", "fc1.weight", "fc1.bias", "blocks.0.weight", "blocks.0.bias", "blocks.1.weight"]
    assert [name for name, _ in net.named_buffers()] == ["count", "scratch"]
    assert [name for name, _ in net.named_children()] == ["fc1", "act", "blocks"]
    assert [name for name, _ in net.named_modules()] == ["", "fc1", "act", "blocks", "blocks.0", "blocks.1"]
    assert len(list(net.parameters(recurse=False))) == 1
    assert list(net.children())[0] is net.fc1
    assert net.blocks[1].bias is None


def test_setattr_rules():
    net = Net()
    with pytest.raises(TypeError, match="cannot assign 'Tensor' as parameter 'scale'"):
        net.scale = mtorch.ones(2)
    net.scale = None
    assert "scale" not in dict(net.named_parameters())
    net.count = mtorch.ones(1)  # a Tensor assigned to a buffer's name replaces the buffer
    assert net.state_dict()["count"].item() == 1
    net.fc1 = nn.Identity()
    assert "fc1.weight" not in dict(net.named_parameters())
    with pytest.raises(AttributeError, match="'Net' object has no attribute 'nope'"):
        net.nope  # noqa: B018
    del net.count
    assert "count" not in net.state_dict()


def test_shared_parameters_are_listed_once():
    lin = nn.Linear(2, 2)
    seq = nn.Sequential(lin, nn.ReLU(), lin)
    assert len(list(seq.parameters())) == 2
    assert list(seq.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_register_errors():
    m = nn.Module()
    with pytest.raises(KeyError):
        m.register_buffer("a.b", mtorch.zeros(1))
    with pytest.raises(TypeError):
        m.register_parameter("w", mtorch.zeros(1))
    with pytest.raises(TypeError):
        m.add_module("child", object())
    m.add_module("child", nn.ReLU())
    assert m.child is m._modules["child"]


def test_train_eval_propagate():
    net = Net()
    assert net.training and net.fc1.training
    assert net.eval() is net
    assert not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())
    with pytest.raises(ValueError):
        net.train("yes")


def test_zero_grad_and_requires_grad():
    net = Net()
    net(mtorch.randn(5, 4)).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad(set_to_none=False)
    assert all(np.all(p.grad.numpy() == 0) for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())


def test_state_dict_shares_memory_and_skips_non_persistent():
    net = Net()
    sd = net.state_dict()
    assert list(sd) == NET_KEYS
    assert not sd["fc1.weight"].requires_grad
    assert sd["fc1.weight"].numpy() is net.fc1.weight.numpy()
    assert net.state_dict(keep_vars=True)["fc1.weight"] is net.fc1.weight


def test_load_state_dict_round_trip_and_key_reports():
    a, b = Net(), Net()
    result = b.load_state_dict(a.state_dict())
    assert result.missing_keys == [] and result.unexpected_keys == []
    for key, value in a.state_dict().items():
        np.testing.assert_array_equal(b.state_dict()[key].numpy(), value.numpy())
    assert b.fc1.weight.numpy() is not a.fc1.weight.numpy()  # copied, not shared

    sd = a.state_dict()
    del sd["fc1.bias"]
    sd["extra"] = mtorch.zeros(1)
    with pytest.raises(RuntimeError, match='Missing key\\(s\\) in state_dict: "fc1.bias"'):
        b.load_state_dict(sd)
    result = b.load_state_dict(sd, strict=False)
    assert result.missing_keys == ["fc1.bias"] and result.unexpected_keys == ["extra"]


def test_load_state_dict_shape_mismatch_names_key_and_shapes_and_changes_nothing():
    net = Net()
    before = net.fc1.bias.numpy().copy()
    sd = Net().state_dict()
    sd["fc1.weight"] = mtorch.zeros(5, 4)
    with pytest.raises(RuntimeError, match=r"size mismatch for fc1.weight: .*shape \(5, 4\).*shape .*\(3, 4\)"):
        net.load_state_dict(sd)
    np.testing.assert_array_equal(net.fc1.bias.numpy(), before)


def test_load_state_dict_accepts_numpy_arrays():
    lin = nn.Linear(2, 3)
    lin.load_state_dict({"weight": np.ones((3, 2)), "bias": np.arange(3.0)})
    assert lin.weight.dtype == np.float32
    np.testing.assert_array_equal(lin.bias.numpy(), [0, 1, 2])


def test_apply_visits_children_first():
    order = []
    Net().apply(lambda m: order.append(type(m).__name__))
    assert order == ["Linear", "ReLU", "Linear", "Linear", "ModuleList", "Net"]


def test_to_double_float_keeps_parameter_objects():
    net = Net()
    weight = net.fc1.weight
    assert net.double() is net
    assert net.fc1.weight is weight and weight.dtype == np.float64 and net.count.dtype == np.float64
    assert net(mtorch.randn(2, 4, dtype=mtorch.float64)).dtype == np.float64
    net.to(mtorch.float32)
    assert weight.dtype == np.float32
    assert net.to("cpu") is net and net.to(mtorch.device("cpu")) is net and net.cpu() is net
    with pytest.raises(RuntimeError):
        net.to("cuda")


def test_repr_like_pytorch():
    model = nn.Sequential(nn.Linear(784, 16), nn.ReLU(), nn.Sequential(nn.Linear(16, 10), nn.Sigmoid()))
    assert repr(model) == (
        "Sequential(\n"
        "  (0): Linear(in_features=784, out_features=16, bias=True)\n"
        "  (1): ReLU()\n"
        "  (2): Sequential(\n"
        "    (0): Linear(in_features=16, out_features=10, bias=True)\n"
        "    (1): Sigmoid()\n"
        "  )\n"
        ")"
    )


def test_sequential_indexing_slicing_append_and_ordereddict():
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    assert len(seq) == 3 and isinstance(seq[-1], nn.Linear)
    head = seq[:2]
    assert isinstance(head, nn.Sequential) and len(head) == 2 and head[0] is seq[0]
    assert head(mtorch.randn(4, 2)).shape == (4, 3)
    seq.append(nn.Sigmoid())
    assert list(seq.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert [type(m).__name__ for m in seq] == ["Linear", "ReLU", "Linear", "Sigmoid"]
    del seq[1]
    assert [name for name, _ in seq.named_children()] == ["0", "1", "2"]
    with pytest.raises(IndexError):
        seq[5]  # noqa: B018
    named = nn.Sequential(OrderedDict([("fc", nn.Linear(2, 2)), ("act", nn.Tanh())]))
    assert list(named.state_dict()) == ["fc.weight", "fc.bias"] and named.act is named[1]


def test_module_list_and_dict():
    layers = nn.ModuleList([nn.Linear(2, 2)])
    layers.append(nn.ReLU())
    layers += [nn.Tanh()]
    layers.insert(0, nn.Identity())
    assert [type(m).__name__ for m in layers] == ["Identity", "Linear", "ReLU", "Tanh"]
    assert list(layers.state_dict()) == ["1.weight", "1.bias"]
    heads = nn.ModuleDict({"a": nn.Linear(2, 1), "b": nn.Linear(2, 3)})
    assert list(heads) == ["a", "b"] and "a" in heads and len(heads) == 2
    assert list(heads.state_dict()) == ["a.weight", "a.bias", "b.weight", "b.bias"]
    heads["c"] = nn.ReLU()
    assert list(heads.keys()) == ["a", "b", "c"]


def test_forward_hooks():
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
    seen = []
    handle = seq[1].register_forward_hook(lambda module, args, output: seen.append(output.shape))
    seq(mtorch.randn(5, 2))
    handle.remove()
    seq(mtorch.randn(5, 2))
    assert seen == [(5, 3)]
    seq[0].register_forward_pre_hook(lambda module, args: (args[0] * 0,))
    assert np.all(seq(mtorch.randn(5, 2)).numpy() == np.maximum(seq[0].bias.numpy(), 0))


def test_state_dict_keys_and_shapes_match_pytorch():
    torch = pytest.importorskip("torch")
    ours = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Sequential(nn.Linear(3, 2)), nn.BCEWithLogitsLoss(
        pos_weight=mtorch.ones(2)))
    theirs = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Sequential(torch.nn.Linear(3, 2)),
                                 torch.nn.BCEWithLogitsLoss(pos_weight=torch.ones(2)))
    assert [(k, tuple(v.shape)) for k, v in ours.state_dict().items()] == [
        (k, tuple(v.shape)) for k, v in theirs.state_dict().items()]
    # PyTorch's weights load into mtorch as they are, and give the same outputs
    ours.load_state_dict(theirs.state_dict())
    x = np.random.default_rng(0).standard_normal((5, 4)).astype(np.float32)
    np.testing.assert_allclose(ours[:3](mtorch.tensor(x)).numpy(), theirs[:3](torch.tensor(x)).detach().numpy(),
                               rtol=1e-5, atol=1e-6)
