"""mtorch.save / mtorch.load: safetensors with numpy alone, exact round trips, clear errors, atomic writes."""

import json
import math
import os

import numpy as np
import pytest

import mtorch
from mtorch.serialization import SafetensorsError

DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]


def _state_dict():
    rng = np.random.default_rng(0)
    sd = {f"t_{d}": mtorch.from_numpy((rng.standard_normal((2, 3)) * 50).astype(d)) for d in DTYPES}
    sd["scalar"] = mtorch.tensor(2.5)
    sd["empty"] = mtorch.zeros(0, 4)
    sd["transposed"] = mtorch.from_numpy(np.arange(6, dtype=np.float32).reshape(2, 3).T)
    return sd


def _assert_same_state(a, b):
    assert list(a) == list(b)
    for name in a:
        x, y = np.asarray(a[name]), np.asarray(b[name])
        assert x.dtype == y.dtype and x.shape == y.shape, name
        np.testing.assert_array_equal(x, y)


def test_state_dict_round_trip(tmp_path):
    sd = _state_dict()
    mtorch.save(sd, tmp_path / "model.safetensors")
    loaded = mtorch.load(tmp_path / "model.safetensors", map_location="cpu", weights_only=True)
    assert all(type(t) is mtorch.Tensor for t in loaded.values())
    _assert_same_state(sd, loaded)
    loaded["t_float32"].numpy()[0, 0] = 1.0  # loaded tensors are writable


def test_nested_optimizer_state_round_trips_exactly(tmp_path):
    state = {
        "state": {0: {"step": mtorch.tensor(3.0), "exp_avg": mtorch.ones(2, 2)}, 1: {"momentum_buffer": None}},
        "param_groups": [{"lr": 0.01, "betas": (0.9, 0.999), "eps": float("inf"), "amsgrad": False,
                          "params": [0, 1], "name": "body", "momentum": -1e-300}],
        "extras": {"array": np.arange(5, dtype=np.int16), "scalar": np.float32(0.5), (1, "a"): "tuple key",
                   None: [], 2.5: {}, True: "bool key"},
        "nan": float("nan"),
    }
    mtorch.save(state, tmp_path / "optim.safetensors")
    loaded = mtorch.load(tmp_path / "optim.safetensors")
    assert list(loaded["state"]) == [0, 1]
    np.testing.assert_array_equal(loaded["state"][0]["exp_avg"].numpy(), np.ones((2, 2), np.float32))
    assert isinstance(loaded["state"][0]["step"], mtorch.Tensor) and loaded["state"][0]["step"].item() == 3.0
    assert loaded["state"][1] == {"momentum_buffer": None}
    assert loaded["param_groups"] == state["param_groups"]
    assert type(loaded["param_groups"][0]["betas"]) is tuple
    extras = loaded["extras"]
    assert extras["array"].dtype == np.int16 and extras["array"].tolist() == [0, 1, 2, 3, 4]
    assert type(extras["scalar"]) is np.float32 and extras["scalar"] == 0.5
    assert extras[(1, "a")] == "tuple key" and extras[None] == [] and extras[2.5] == {}
    assert extras[True] == "bool key"
    assert math.isnan(loaded["nan"])


def test_unsupported_values_are_named_and_nothing_is_written(tmp_path):
    with pytest.raises(TypeError, match=r"\['param_groups'\]\[0\]\['fn'\]"):
        mtorch.save({"param_groups": [{"fn": print}]}, tmp_path / "x.safetensors")
    assert list(tmp_path.iterdir()) == []


def test_safetensors_numpy_reads_and_writes_the_same_state(tmp_path):
    st = pytest.importorskip("safetensors.numpy")
    sd = _state_dict()
    mtorch.save(sd, tmp_path / "ours.safetensors")
    _assert_same_state(sd, st.load_file(tmp_path / "ours.safetensors"))
    arrays = {name: np.ascontiguousarray(t.numpy()) for name, t in sd.items()}
    st.save_file(arrays, tmp_path / "theirs.safetensors", metadata={"format": "np"})
    loaded = mtorch.load(tmp_path / "theirs.safetensors")
    _assert_same_state(arrays, {name: loaded[name] for name in arrays})


def test_safetensors_torch_both_ways(tmp_path):
    torch = pytest.importorskip("torch")
    st = pytest.importorskip("safetensors.torch")
    sd = {"weight": mtorch.randn(4, 3), "bias": mtorch.randn(4), "num_batches_tracked": mtorch.tensor(7)}
    mtorch.save(sd, tmp_path / "ours.safetensors")
    theirs = st.load_file(tmp_path / "ours.safetensors")
    linear = torch.nn.Linear(3, 4)
    linear.load_state_dict({k: theirs[k] for k in ("weight", "bias")})
    assert theirs["num_batches_tracked"].dtype == torch.int64 and theirs["num_batches_tracked"].item() == 7
    np.testing.assert_array_equal(linear.weight.detach().numpy(), sd["weight"].numpy())

    st.save_file({**linear.state_dict(), "half": torch.ones(2).half(),
                  "bf16": torch.tensor([1.5, -0.078125, 3e38]).bfloat16()}, tmp_path / "theirs.safetensors")
    loaded = mtorch.load(tmp_path / "theirs.safetensors")
    np.testing.assert_array_equal(loaded["weight"].numpy(), linear.weight.detach().numpy())
    assert loaded["half"].dtype == mtorch.float16
    assert loaded["bf16"].dtype == mtorch.float32  # bfloat16 is read as float32, exactly
    np.testing.assert_array_equal(loaded["bf16"].numpy(), torch.tensor([1.5, -0.078125, 3e38]).bfloat16().float())


def _write(path, header, data=b"", header_bytes=None):
    header_bytes = json.dumps(header).encode() if header_bytes is None else header_bytes
    path.write_bytes(len(header_bytes).to_bytes(8, "little") + header_bytes + data)
    return path


F32x2 = {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}


@pytest.mark.parametrize("header, data, header_bytes, problem", [
    (None, b"", b"", "shorter than the 8-byte header length"),
    ({"a": F32x2}, b"\0" * 8, b"{" * 3, "not valid JSON"),
    ({"a": F32x2}, b"\0" * 8, b"\xff\xfe{}", "not valid JSON"),
    ({"a": F32x2}, b"\0" * 8, b"[1, 2]", "not a JSON object"),
    ({"a": {"dtype": "F8_E4M3", "shape": [2], "data_offsets": [0, 2]}}, b"\0" * 2, None, "unknown dtype"),
    ({"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, b"\0" * 8, None, "needs 12 bytes"),
    ({"a": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}}, b"\0" * 8, None, "invalid shape"),
    ({"a": F32x2}, b"\0" * 4, None, "outside the 4 bytes"),
    ({"a": {"dtype": "F32", "shape": [2], "data_offsets": [8, 0]}}, b"\0" * 8, None, "outside"),
    ({"a": F32x2, "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}, b"\0" * 12, None, "overlaps"),
    ({"a": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}, b"\0" * 12, None, "gap at byte 0"),
    ({"a": F32x2}, b"\0" * 12, None, "4 bytes of data after the last tensor"),
    ({"a": {"dtype": "F32", "shape": [2]}}, b"\0" * 8, None, "exactly dtype, shape and data_offsets"),
    ({"a": F32x2, "__metadata__": {"k": 1}}, b"\0" * 8, None, "strings to strings"),
    ({"a": F32x2, "__metadata__": {"mtorch.structure": '{"tensor": "b"}'}}, b"\0" * 8, None, "structure"),
    ({"a": F32x2, "__metadata__": {"mtorch.structure": "{"}}, b"\0" * 8, None, "structure"),
])
def test_bad_files_raise_one_clear_error(tmp_path, header, data, header_bytes, problem):
    path = tmp_path / "bad.safetensors"
    if header is None:
        path.write_bytes(b"\x05\0\0")
    else:
        _write(path, header, data, header_bytes)
    with pytest.raises(SafetensorsError, match=problem) as info:
        mtorch.load(path)
    assert str(path) in str(info.value) and isinstance(info.value, ValueError)


def test_truncated_and_foreign_files(tmp_path):
    path = tmp_path / "model.safetensors"
    mtorch.save(_state_dict(), path)
    path.write_bytes(path.read_bytes()[:-3])
    with pytest.raises(SafetensorsError, match="outside"):
        mtorch.load(path)
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(SafetensorsError, match="header length"):
        mtorch.load(path)
    pickle_file = tmp_path / "model.pt"
    pickle_file.write_bytes(b"\x80\x04\x95" + b"\0" * 40 + b"cos\nsystem\n")  # a pickle is never run
    with pytest.raises(SafetensorsError, match="header length"):
        mtorch.load(pickle_file)


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "model.safetensors"
    old = {"w": mtorch.ones(3)}
    mtorch.save(old, path)
    before = path.read_bytes()

    def failing_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="disk full"):
        mtorch.save({"w": mtorch.zeros(1000)}, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind
    monkeypatch.undo()
    mtorch.save({"w": mtorch.zeros(2)}, path)
    assert mtorch.load(path)["w"].tolist() == [0, 0]


def test_model_and_optimizer_state_dicts_round_trip(tmp_path):
    from mtorch import nn, optim

    def make():
        model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
        return model, optim.Adam(model.parameters(), lr=1e-3)

    model, optimizer = make()
    model(mtorch.randn(5, 4)).sum().backward()
    optimizer.step()
    mtorch.save(model.state_dict(), tmp_path / "model.safetensors")
    mtorch.save(optimizer.state_dict(), tmp_path / "optim.safetensors")
    model2, optimizer2 = make()
    model2.load_state_dict(mtorch.load(tmp_path / "model.safetensors"))
    optimizer2.load_state_dict(mtorch.load(tmp_path / "optim.safetensors"))
    _assert_same_state(model.state_dict(), model2.state_dict())
    before, after = optimizer.state_dict(), optimizer2.state_dict()
    assert after["param_groups"] == before["param_groups"]
    for index, state in before["state"].items():
        _assert_same_state(state, after["state"][index])


def test_pytorch_model_weights_load_into_the_same_mtorch_model(tmp_path):
    torch = pytest.importorskip("torch")
    st = pytest.importorskip("safetensors.torch")
    from mtorch import nn

    theirs = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    st.save_file(theirs.state_dict(), tmp_path / "torch.safetensors")
    ours = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    ours.load_state_dict(mtorch.load(tmp_path / "torch.safetensors"))
    x = np.random.default_rng(0).standard_normal((5, 4)).astype(np.float32)
    np.testing.assert_allclose(ours(mtorch.from_numpy(x)).numpy(), theirs(torch.from_numpy(x)).detach().numpy(),
                               rtol=1e-6, atol=1e-6)
