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


@pytest.mark.parametrize("entry, problem", [
    ({"dtype": ["F32"], "shape": [2], "data_offsets": [0, 8]}, "unknown dtype"),
    ({"dtype": {"a": 1}, "shape": [2], "data_offsets": [0, 8]}, "unknown dtype"),
    ({"dtype": "F32", "shape": [1] * 65 + [2], "data_offsets": [0, 8]}, "66 dimensions, more than 64"),
    ({"dtype": "F32", "shape": [0, 2 ** 40, 2 ** 40], "data_offsets": [0, 0]}, "impossibly large shape"),
    ({"dtype": "F32", "shape": [2 ** 62, 2 ** 62], "data_offsets": [0, 8]}, "impossibly large shape"),
    ({"dtype": "F32", "shape": [10 ** 30], "data_offsets": [0, 8]}, "impossibly large shape"),
    ({"dtype": "F32", "shape": [True, 2], "data_offsets": [0, 8]}, "invalid shape"),
    ({"dtype": "F32", "shape": [2], "data_offsets": [0, 8.0]}, "data_offsets"),
    ({"dtype": "F32", "shape": [2], "data_offsets": [0, 10 ** 39]}, "data_offsets"),
])
def test_bad_entries_are_refused_before_anything_is_allocated(tmp_path, entry, problem):
    with pytest.raises(SafetensorsError, match=problem):
        mtorch.load(_write(tmp_path / "bad.safetensors", {"a": entry}, b"\0" * 8))


@pytest.mark.parametrize("header_bytes, problem", [
    (b"[" * 5000 + b"]" * 5000, "nests deeper than 100"),
    (b'{"a": ' + b"9" * 5000 + b"}", "integer of 5,000 digits"),
])
def test_hostile_headers(tmp_path, header_bytes, problem):
    with pytest.raises(SafetensorsError, match=problem):
        mtorch.load(_write(tmp_path / "bad.safetensors", None, b"", header_bytes))


class _CountingReader:
    """A binary file object that counts the bytes asked of it."""

    def __init__(self, data):
        import io
        self._f, self.read_bytes, self.name = io.BytesIO(data), 0, "counted.safetensors"

    def read(self, n=-1):
        data = self._f.read(n)
        self.read_bytes += len(data)
        return data

    def readinto(self, buffer):
        n = self._f.readinto(buffer)
        self.read_bytes += n
        return n


def test_the_header_is_checked_before_the_data_is_read(tmp_path):
    header = {"a": {"dtype": "F32", "shape": [2 ** 20], "data_offsets": [0, 2 ** 22]},
              "b": {"dtype": "F32", "shape": [3], "data_offsets": [2 ** 22, 2 ** 22 + 8]}}  # wrong size
    header_bytes = json.dumps(header).encode()
    reader = _CountingReader(len(header_bytes).to_bytes(8, "little") + header_bytes + b"\0" * (2 ** 22 + 8))
    with pytest.raises(SafetensorsError, match="counted.safetensors.*'b'.*needs 12 bytes"):
        mtorch.load(reader)
    assert reader.read_bytes == 8 + len(header_bytes)       # not one byte of tensor data

    # on disk: a header length beyond the file is refused before the header is read
    path = tmp_path / "huge.safetensors"
    with open(path, "wb") as f:
        f.write((2 ** 26).to_bytes(8, "little"))
        f.truncate(2 ** 20)
    with pytest.raises(SafetensorsError, match=f"header length {2 ** 26} does not fit in a file of {2 ** 20}"):
        mtorch.load(path)


def test_save_and_load_through_file_objects(tmp_path):
    import io

    checkpoint = {"epoch": 3, "model": {"w": mtorch.ones(2, 2)}, "best": (0.5, None, True), "tag": "run-1",
                  "steps": [1, 2, 3], "big": 2 ** 200 + 1}
    buffer = io.BytesIO()
    mtorch.save(checkpoint, buffer)
    buffer.seek(0)
    loaded = mtorch.load(buffer)
    assert loaded["epoch"] == 3 and loaded["best"] == (0.5, None, True) and type(loaded["best"]) is tuple
    assert loaded["tag"] == "run-1" and loaded["steps"] == [1, 2, 3] and loaded["big"] == 2 ** 200 + 1
    assert loaded["model"]["w"].tolist() == [[1.0, 1.0], [1.0, 1.0]]

    with open(tmp_path / "ckpt.safetensors", "wb") as f:
        mtorch.save(checkpoint, f)
    with open(tmp_path / "ckpt.safetensors", "rb") as f:
        assert mtorch.load(f)["best"] == (0.5, None, True)
    assert mtorch.load(str(tmp_path / "ckpt.safetensors"))["epoch"] == 3

    buffer = io.BytesIO()
    mtorch.save({"w": mtorch.zeros(3)}, buffer)             # a flat state_dict stays plain safetensors
    st = pytest.importorskip("safetensors.numpy")
    assert st.load(buffer.getvalue())["w"].tolist() == [0, 0, 0]


@pytest.mark.parametrize("bad", [object(), {1, 2}, b"bytes", 1j, print, range(3)])
def test_anything_else_is_a_type_error_naming_its_type(tmp_path, bad):
    with pytest.raises(TypeError, match=f"cannot store a {type(bad).__name__} at \\['x'\\]"):
        mtorch.save({"x": bad}, tmp_path / "x.safetensors")
    assert list(tmp_path.iterdir()) == []


def test_self_containing_lists_are_refused(tmp_path):
    loop = []
    loop.append(loop)
    with pytest.raises(ValueError, match="nests deeper than 32 levels"):
        mtorch.save(loop, tmp_path / "x.safetensors")


@pytest.mark.parametrize("make", [
    lambda torch, params: torch.optim.SGD(params, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
    lambda torch, params: torch.optim.Adam(params, lr=0.01, betas=(0.8, 0.99), amsgrad=True),
])
def test_an_optimizer_resumed_from_a_file_continues_as_pytorchs(tmp_path, make):
    """Save {"epoch", "model", "optimizer"} mid-run, load it into fresh objects and continue: the
    parameters match PyTorch's run that never stopped."""
    torch = pytest.importorskip("torch")
    from mtorch import nn

    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((8, 4)).astype(np.float32), rng.standard_normal((8, 2)).astype(np.float32)
    theirs = torch.nn.Linear(4, 2)
    ours = nn.Linear(4, 2)
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    their_opt, our_opt = make(torch, theirs.parameters()), make(mtorch, ours.parameters())

    def step(model, opt, lib, n):
        for _ in range(n):
            opt.zero_grad()
            ((model(lib.from_numpy(x)) - lib.from_numpy(y)) ** 2).mean().backward()
            opt.step()

    step(theirs, their_opt, torch, 6)
    step(ours, our_opt, mtorch, 3)
    mtorch.save({"epoch": 3, "model": ours.state_dict(), "optimizer": our_opt.state_dict()}, tmp_path / "c.pt")
    saved = mtorch.load(tmp_path / "c.pt")
    assert saved["epoch"] == 3
    resumed = nn.Linear(4, 2)
    resumed.load_state_dict(saved["model"])
    resumed_opt = make(mtorch, resumed.parameters())
    resumed_opt.load_state_dict(saved["optimizer"])
    assert resumed_opt.state_dict()["param_groups"] == our_opt.state_dict()["param_groups"]
    step(resumed, resumed_opt, mtorch, 3)
    for name, value in theirs.state_dict().items():
        np.testing.assert_allclose(resumed.state_dict()[name].numpy(), value.numpy(), rtol=1e-5, atol=1e-6)
