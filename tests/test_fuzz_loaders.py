"""Fuzzing every loader with mutated valid files (fixed seeds): only the format's own error escapes, its
message names the file, and no call takes over 2 s or allocates over 200 MB.

Mutations: byte flips, truncation, inserted and repeated bytes, and, on the parsed JSON or the loaded
structure, replaced nodes (type swaps, huge and negative numbers, deep nesting, long strings) and deleted
keys. The figures (files per loader, escapes, slowest call, peak memory) are printed with ``pytest -s``.
"""

import copy
import io
import json
import random
import time
import traceback
import tracemalloc

import numpy as np

import mtorch
from mtorch import nn
from mtorch.serialization import SafetensorsError
from mtorch_gui.model.catalog import SpecError
from mtorch_gui.model.files import load_spec
from mtorch_gui.model.presets import PRESETS, preset
from mtorch_gui.model.spec import LayerSpec, ModelSpec
from mtorch_gui.training.checkpoint import CheckpointError, load_checkpoint, resume, save_checkpoint
from mtorch_gui.training.config import TrainingConfig
from mtorch_gui.training.engine import Trainer, TrainingError

CASES = 2000  # per loader
MAX_SECONDS = 2.0
MAX_BYTES = 200 * 2 ** 20


class Fuzz:
    """Runs one loader on each case and records the figures; raises on the first case that breaks a rule."""

    def __init__(self, name, load, error_type, names_file=True, unit="files"):
        self.name, self.load, self.error_type, self.names_file, self.unit = name, load, error_type, names_file, unit
        self.cases = self.refused = 0
        self.slowest = self.peak = 0

    def __call__(self, target, label):
        """Load ``target``; return what it gave, or None when it was refused with the format's error."""
        result = None
        tracemalloc.start()                                    # traces this call alone
        start = time.perf_counter()
        try:
            result = self.load(target)
        except self.error_type as error:
            self.refused += 1
            if self.names_file:
                assert str(getattr(target, "name", target)) in str(error), f"{label}: {error}"
        except Exception as error:
            where = "".join(traceback.format_tb(error.__traceback__)[-2:])
            raise AssertionError(f"{self.name}, {label}: {type(error).__name__} escaped: {error}\n{where}") from error
        finally:
            seconds = time.perf_counter() - start
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        self.cases += 1
        self.slowest, self.peak = max(self.slowest, seconds), max(self.peak, peak)
        assert seconds < MAX_SECONDS, f"{self.name}, {label}: {seconds:.1f} s"
        assert peak < MAX_BYTES, f"{self.name}, {label}: {peak / 2 ** 20:.0f} MB"
        return result

    def report(self):
        print(f"\n{self.name}: {self.cases} {self.unit} fuzzed, {self.refused} refused with "
              f"{self.error_type.__name__}, 0 escapes, slowest {self.slowest * 1000:.0f} ms, "
              f"peak {self.peak / 2 ** 20:.1f} MB")


def put(path, data: bytes):
    """Write a case (unlinking first: truncating a file in place costs milliseconds on ext4)."""
    path.unlink(missing_ok=True)
    path.write_bytes(data)


# ---- mutations ---------------------------------------------------------------------------------------------

def mutate_bytes(rng, data: bytes) -> bytes:
    data = bytearray(data)
    kind = rng.randrange(5)
    if kind == 0 and data:                                     # flip a few bytes
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == 1:                                            # truncate
        del data[rng.randrange(len(data) + 1):]
    elif kind == 2:                                            # insert random bytes
        at = rng.randrange(len(data) + 1)
        data[at:at] = rng.randbytes(rng.randint(1, 64))
    elif kind == 3 and data:                                   # repeat a chunk
        at = rng.randrange(len(data))
        data[at:at] = data[at:at + rng.randint(1, 256)] * rng.randint(1, 50)
    elif data:                                                 # one bit
        at = rng.randrange(len(data))
        data[at] ^= 1 << rng.randrange(8)
    return bytes(data)


def random_value(rng, depth=0):
    """A JSON value of any kind, hostile ones included."""
    kind = rng.randrange(14)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.randint(-3, 70000)
    if kind == 3:
        return rng.choice([-1, 0, 2 ** 31, 2 ** 63, 2 ** 64 + 1, -(2 ** 63) - 1, 10 ** 38])
    if kind == 4:
        return rng.choice([0.5, -0.0, 1e308, -1e-308, 3.3])
    if kind == 5:
        return rng.choice(["", "mnist", "F32", "Linear", "SGD", "\x00", "\ud800", "é" * 50, "x" * 5000])
    if kind == 6 and depth < 4:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if kind == 7 and depth < 4:
        return {rng.choice(["type", "args", "dtype", "shape", "a", ""]): random_value(rng, depth + 1)
                for _ in range(rng.randint(0, 3))}
    if kind == 8:
        return [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]
    if kind == 9:
        return [rng.randint(0, 2 ** 40) for _ in range(rng.randint(0, 70))]
    return rng.choice(["int", "float", "tensor", "dict", "list", "tuple", 1, [], {}])


def random_path(rng, value, avoid_tuples=False):
    """The path of a random node: a walk down from the root that stops at each container with odds 1/3."""
    path = []
    while isinstance(value, dict | list | tuple) and value and rng.random() > 1 / 3:
        if avoid_tuples and isinstance(value, tuple):
            break                                              # a tuple is replaced whole, from its parent
        key = rng.choice(list(value)) if isinstance(value, dict) else rng.randrange(len(value))
        path.append(key)
        value = value[key]
    return path


def _replace(value, path, new):
    if not path:
        return new
    container = value
    for key in path[:-1]:
        container = container[key]
    container[path[-1]] = new
    return value


def mutate_structure(rng, value):
    """A copy of `value` (parsed JSON) with a node replaced, deleted or retyped, 1 to 3 times."""
    value = json.loads(json.dumps(value))
    for _ in range(rng.randint(1, 3)):
        path = random_path(rng, value)
        if path and rng.random() < 1 / 3:                      # delete the node from its container
            container = value
            for key in path[:-1]:
                container = container[key]
            del container[path[-1]]
        else:                                                  # replace it
            value = _replace(value, path, random_value(rng))
    return value


def json_text(rng, value) -> str:
    """JSON for `value`, sometimes with a hostile fragment no Python value gives."""
    text = json.dumps(value)
    if rng.random() < 0.05:
        fragment = rng.choice(["9" * 5000, "[" * 3000 + "]" * 3000, "NaN", "-Infinity", "1e999", '"\\ud800"'])
        at = rng.choice([i for i, c in enumerate(text) if c in ",:["] or [0])
        text = text[:at + 1] + fragment + ("," if text[at] in ",[" else "") + text[at + 1:]
    return text


# ---- model files ------------------------------------------------------------------------------------------

def test_fuzz_model_files(tmp_path):
    rng = random.Random(9)
    seeds = [preset(name).to_dict() for name in PRESETS]
    fuzz = Fuzz("model JSON (load_spec)", load_spec, SpecError)
    path = tmp_path / "fuzzed.json"
    for i in range(CASES):
        seed = rng.choice(seeds)
        if i % 3 == 0:
            content = mutate_bytes(rng, json.dumps(seed, indent=1).encode())
        else:
            content = json_text(rng, mutate_structure(rng, seed)).encode("utf-8", "surrogatepass")
        put(path, content)
        fuzz(path, f"case {i}")
    fuzz.report()
    assert fuzz.cases == CASES and 0 < fuzz.refused < CASES


# ---- safetensors ------------------------------------------------------------------------------------------

def _safetensors_seeds():
    rng = np.random.default_rng(0)
    flat = {f"t_{d}": mtorch.from_numpy((rng.standard_normal((3, 4)) * 9).astype(d))
            for d in ("float16", "float32", "float64", "int8", "int64", "uint8", "bool")}
    flat["empty"] = mtorch.zeros(0, 3)
    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    optimizer = mtorch.optim.Adam(model.parameters())
    model(mtorch.randn(2, 4)).sum().backward()
    optimizer.step()
    nested = {"epoch": 3, "model": model.state_dict(), "optimizer": optimizer.state_dict(),
              "best": (0.25, None, True), "nan": float("nan"), "big": 2 ** 200}
    return [flat, nested]


def _split(data):
    n = int.from_bytes(data[:8], "little")
    return json.loads(data[8:8 + n]), data[8 + n:]


def _join(header_text, rest):
    header = header_text.encode("utf-8", "surrogatepass")
    return len(header).to_bytes(8, "little") + header + rest


def test_fuzz_safetensors(tmp_path):
    rng = random.Random(11)
    files = []
    for i, obj in enumerate(_safetensors_seeds()):
        mtorch.save(obj, tmp_path / f"seed{i}.safetensors")
        data = (tmp_path / f"seed{i}.safetensors").read_bytes()
        files.append((data, *_split(data)))
    fuzz = Fuzz("safetensors (mtorch.load)", mtorch.load, SafetensorsError)
    path = tmp_path / "fuzzed.safetensors"
    for i in range(CASES):
        data, header, rest = rng.choice(files)
        kind = i % 4
        if kind == 0:
            content = mutate_bytes(rng, data)
        elif kind == 1:                                        # the header's JSON
            content = _join(json_text(rng, mutate_structure(rng, header)), rest)
        elif kind == 2 and "__metadata__" in header:           # the structure description inside it
            structure = json.loads(header["__metadata__"]["mtorch.structure"])
            metadata = {"mtorch.structure": json_text(rng, mutate_structure(rng, structure))}
            content = _join(json.dumps({**header, "__metadata__": metadata}), rest)
        else:                                                  # the header length
            n = int.from_bytes(data[:8], "little")
            n = rng.choice([0, n - 1, n + 1, n * 2, 2 ** 63, len(data), rng.randrange(2 ** 64)])
            content = n.to_bytes(8, "little") + data[8:]
        put(path, content)
        fuzz(path, f"case {i}")
    fuzz.report()
    assert fuzz.cases == CASES and 0 < fuzz.refused < CASES


# ---- checkpoints ------------------------------------------------------------------------------------------

def test_fuzz_checkpoints(tmp_path):
    rng = random.Random(13)
    spec = ModelSpec(name="tiny", dataset="sin_to_cos", input_shape=(50, 1),
                     layers=[LayerSpec("RNN", {"hidden_size": 3}), LayerSpec("Linear", {"out_features": 1})])
    trainer = Trainer(spec, TrainingConfig(dataset="sin_to_cos", loss="MSELoss", epochs=1, batch_size=16,
                                           sample_limit=32, scheduler="StepLR"), data=None)
    for _ in trainer.train():  # train one epoch
        pass
    seed_path = tmp_path / "seed.ckpt"
    save_checkpoint(seed_path, trainer)
    seed_bytes, seed = seed_path.read_bytes(), mtorch.load(seed_path)
    fuzz = Fuzz("checkpoint (load_checkpoint)", load_checkpoint, CheckpointError)
    resumes = Fuzz("checkpoint resume (resume)", lambda checkpoint: resume(checkpoint, data=trainer.data),
                   TrainingError, names_file=False, unit="loaded checkpoints")
    path = tmp_path / "fuzzed.ckpt"
    for i in range(CASES):
        kind = i % 3
        if kind == 0:
            put(path, mutate_bytes(rng, seed_bytes))
        else:
            saved = dict(seed)
            if kind == 1:                                      # its model description
                saved["spec"] = json_text(rng, mutate_structure(rng, json.loads(seed["spec"])))
            else:                                              # any other part, tensors and all
                key = rng.choice([k for k in seed if k != "spec"])
                saved[key] = _mutate_loaded(rng, seed[key])
            buffer = io.BytesIO()
            try:
                mtorch.save(saved, buffer)
            except (TypeError, ValueError):                    # a mutation save itself refuses
                continue
            put(path, buffer.getvalue())
        checkpoint = fuzz(path, f"case {i}")
        if checkpoint is not None:                             # what loads must resume or say why not
            resumes(checkpoint, f"case {i}")
    fuzz.report()
    resumes.report()
    assert fuzz.cases > CASES * 0.9 and 0 < fuzz.refused < fuzz.cases
    assert resumes.cases == fuzz.cases - fuzz.refused and 0 < resumes.refused < resumes.cases


def _mutate_loaded(rng, value):
    """Swap a node of a loaded structure for a random value, a tensor of another shape or dtype, or a tuple."""
    new = rng.choice([
        random_value(rng),
        mtorch.zeros(rng.randint(0, 3), rng.randint(1, 3)),
        np.arange(rng.randint(0, 5), dtype=rng.choice(["float64", "int64", "float32"])),
        (1, "x", None),
    ])
    return _replace(copy.deepcopy(value), random_path(rng, value, avoid_tuples=True), new)


# ---- state dicts ------------------------------------------------------------------------------------------

def test_fuzz_load_state_dict():
    rng = random.Random(17)
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Flatten(), nn.Linear(8, 3))
    seed = {k: v.numpy().copy() for k, v in model.state_dict().items()}

    def load(state):
        model.load_state_dict(state)

    fuzz = Fuzz("state dict (Module.load_state_dict)", load, RuntimeError, names_file=False,
                unit="state dicts")
    for i in range(CASES):
        if i % 10 == 0:                                        # not a mapping at all
            state = rng.choice([list(seed.items()), None, "weights", 3, (1, 2)])
            try:
                model.load_state_dict(state)
            except TypeError as error:
                assert "Expected state_dict to be dict-like" in str(error)
                continue
            raise AssertionError(f"case {i}: {state!r} was accepted")
        state = dict(seed)
        for _ in range(rng.randint(1, 3)):
            key = rng.choice(list(state) + ["extra"])
            state[key] = rng.choice([
                random_value(rng), np.zeros(rng.choice([(), (3,), (2, 1, 3, 3), (0,)])),
                np.asarray(["a", "b"]), np.asarray([1 + 2j]), mtorch.ones(2), np.ones((3, 8), np.int64),
                np.asarray([object()]),
            ])
        fuzz(state, f"case {i}")
    fuzz.report()
    assert fuzz.cases > CASES * 0.85
