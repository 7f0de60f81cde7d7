"""ModelSpec without Qt: JSON, validation in learner's words, derived arguments, build/from_module."""

import json

import pytest

import mtorch
from mtorch_gui.model.catalog import CATALOG, GROUPS, SpecError, by_group
from mtorch_gui.model.presets import DEFAULT_PRESET, PRESETS, preset
from mtorch_gui.model.spec import FORMAT_VERSION, LayerSpec, ModelSpec


def spec_of(*layers, shape=(1, 28, 28), dataset="mnist"):
    return ModelSpec(dataset=dataset, input_shape=shape,
                     layers=[LayerSpec(t, dict(a[0]) if a else {}) for t, *a in layers])


# ---- catalogue ------------------------------------------------------------------------------------------

def test_catalogue_groups_every_layer_with_description_and_formula():
    assert list(by_group()) == list(GROUPS)
    assert all(types for types in by_group().values())
    for t in CATALOG.values():
        assert t.group in GROUPS and t.description and t.formula
    for name in ("Linear", "Conv2d", "MaxPool2d", "BatchNorm2d", "LSTM", "ReLU", "Dropout", "Flatten"):
        assert name in CATALOG


def test_the_editor_offers_every_mtorch_layer():
    missing = [name for name in CATALOG if not hasattr(mtorch.nn, name)]
    assert not missing, f"catalogued but not in mtorch.nn: {missing}"
    layers = {name for name, obj in vars(mtorch.nn).items()
              if isinstance(obj, type) and issubclass(obj, mtorch.nn.Module)}
    left_out = {name for name in layers - set(CATALOG)
                if not name.endswith(("Loss", "Cell", "CellBase", "Base")) and not name.startswith("Module")}
    # not offered in the layer stack: containers, layers for other input layouts, and layers taking several
    # inputs (attention: query, key, value; the decoders: target and memory)
    # (SiLU: not catalogued yet; the editor infers input sizes itself, so it needs no Lazy layers)
    assert left_out == {"Sequential", "Dropout1d", "Dropout3d", "SiLU", "LazyLinear", "LazyConv1d", "LazyConv2d",
                        "MultiheadAttention", "Transformer",
                        "TransformerEncoder", "TransformerEncoderLayer", "TransformerDecoder",
                        "TransformerDecoderLayer"}


# ---- JSON -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(PRESETS))
def test_json_round_trip(name):
    spec = preset(name)
    text = spec.to_json()
    data = json.loads(text)
    assert data["format_version"] == FORMAT_VERSION
    assert data["dataset"] == spec.dataset and data["training"] == spec.training
    assert ModelSpec.from_json(text) == spec


def test_json_may_state_derived_arguments_that_are_right():
    """A file written by hand (or by another tool) may give in_features, in_channels, ...: right ones are
    accepted (and left to the editor to derive), wrong ones refused (see test_bad_json_gives_one_clear_reason)."""
    spec = spec_of(("Conv2d", {"out_channels": 4, "kernel_size": 3}), ("LayerNorm",), ("Flatten",),
                   ("Linear", {"out_features": 10}))
    data = spec.to_dict()
    data["layers"][0]["args"]["in_channels"] = 1
    data["layers"][1]["args"]["normalized_shape"] = [4, 26, 26]
    data["layers"][3]["args"]["in_features"] = 4 * 26 * 26
    assert ModelSpec.from_dict(data) == spec and ModelSpec.from_dict(data).layers[3].args == {"out_features": 10}


def test_json_keeps_tuples_and_metrics():
    spec = spec_of(("Conv2d", {"out_channels": 4, "kernel_size": (3, 5), "padding": "same"}), ("Flatten",),
                   ("Linear", {"out_features": 10}))
    spec.metrics = {"test_accuracy": 0.98}
    back = ModelSpec.from_json(spec.to_json())
    assert back == spec and back.layers[0].args["kernel_size"] == (3, 5)


@pytest.mark.parametrize("text, reason", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "expected a JSON object"),
    ('{"layers": []}', "no format_version"),
    ('{"format": "keras", "format_version": 1, "layers": []}', "a 'keras' file, not an mtorch_gui model"),
    ('{"format_version": 99, "layers": []}', "newer than this mtorch_gui reads"),
    ('{"format_version": 1, "layers": [{"type": "Banana"}]}', "unknown layer type 'Banana'"),
    ('{"format_version": 1, "layers": [{"type": "Linear", "args": {"out_features": "ten"}}]}',
     "out_features must be a whole number"),
    ('{"format_version": 1, "layers": [{"type": "Linear", "args": {"out_features": 0}}]}', "at least 1"),
    ('{"format_version": 1, "layers": [{"type": "Flatten"}, {"type": "Linear", "args": {"in_features": 3}}]}',
     "layer 2, Linear, has in_features=3 but receives (784"),
    ('{"format_version": 1, "layers": [{"type": "Linear", "args": {"in_features": 3}}]}',
     "gives in_features=3, which cannot be checked: Layer 1: Linear needs a flat input"),
    ('{"format_version": 1, "layers": [{"type": "Flatten"}, {"type": "Linear", "args": {"in_features": true}}]}',
     "has in_features=True"),
    ('{"format_version": 1, "layers": [{"type": "ReLU", "args": {"inplace": true}}]}', "no argument 'inplace'"),
    ('{"format_version": 1, "layers": [{"type": "Dropout", "args": {"p": true}}]}', "must be a number"),
    ('{"format_version": 1, "dataset": "cifar", "layers": []}', "unknown dataset"),
    ('{"format_version": 1, "input_shape": [0, 3], "layers": []}', "input_shape"),
    ('{"format_version": 1, "layers": "Linear"}', "no list of layers"),
])
def test_bad_json_gives_one_clear_reason(text, reason):
    with pytest.raises(SpecError, match=reason.replace("(", r"\(")):
        ModelSpec.from_json(text)


# ---- validation -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_are_valid_and_set_training_defaults(name):
    spec = preset(name)
    assert spec.validate().ok
    assert {"loss", "optimizer", "lr", "batch_size", "epochs"} <= set(spec.training)


def test_shapes_params_and_derived_arguments():
    spec = spec_of(("Conv2d", {"out_channels": 16, "kernel_size": 3, "padding": 1}), ("BatchNorm2d",), ("ReLU",),
                   ("MaxPool2d", {"kernel_size": 2}), ("GroupNorm", {"num_groups": 4}), ("LayerNorm",),
                   ("Flatten",), ("Linear", {"out_features": 10}))
    r = spec.validate()
    assert r.ok, r.first_error
    assert [x.output_shape for x in r.layers] == [(16, 28, 28), (16, 28, 28), (16, 28, 28), (16, 14, 14),
                                                 (16, 14, 14), (16, 14, 14), (3136,), (10,)]
    assert [x.derived for x in r.layers] == [{"in_channels": 1}, {"num_features": 16}, {}, {},
                                             {"num_channels": 16}, {"normalized_shape": (16, 14, 14)}, {},
                                             {"in_features": 3136}]
    assert [x.params for x in r.layers] == [16 * 9 + 16, 32, 0, 0, 32, 2 * 16 * 14 * 14, 0, 3136 * 10 + 10]
    assert r.total_params == sum(x.params for x in r.layers)

    rnn = spec_of(("LSTM", {"hidden_size": 8, "num_layers": 2, "bidirectional": True}), ("Linear", {"out_features": 1}),
                  shape=(50, 1), dataset="sin_to_cos").validate()
    assert rnn.ok and rnn.layers[0].derived == {"input_size": 1} and rnn.layers[0].output_shape == (50, 16)
    # layer 0: 2 directions x 4 gates x 8 x (1 + 8) + biases; layer 1 reads 16 features
    assert rnn.layers[0].params == 2 * (32 * (1 + 8) + 64) + 2 * (32 * (16 + 8) + 64)


@pytest.mark.parametrize("layers, shape, message", [
    ([("Conv2d", {"out_channels": 16, "kernel_size": 3, "padding": 1}), ("MaxPool2d", {"kernel_size": 2}),
      ("Linear", {"out_features": 10})], (1, 28, 28),
     "Layer 3: Linear needs a flat input but receives (16, 14, 14): add a Flatten before it"),
    ([("Flatten",), ("Conv2d", {"out_channels": 4, "kernel_size": 3})], (1, 28, 28),
     "Layer 2: Conv2d needs (channels, height, width) but receives (784): remove the Flatten before it"),
    ([("Conv2d", {"out_channels": 4, "kernel_size": 30})], (1, 28, 28), "does not fit the input size 28"),
    ([("Conv2d", {"out_channels": 4, "kernel_size": 3, "groups": 2})], (3, 8, 8), "groups=2 must divide"),
    ([("Conv2d", {"out_channels": 4, "kernel_size": 3, "stride": 2, "padding": "same"})], (1, 8, 8),
     "padding='same' only works with stride 1"),
    ([("MaxPool2d", {"kernel_size": 2, "padding": 2})], (1, 8, 8), "at most half the kernel_size"),
    ([("LSTM", {"hidden_size": 4})], (1, 28, 28),
     "LSTM needs a sequence (steps, features) but receives (1, 28, 28): add Flatten(start_dim=1, end_dim=2)"),
    ([("BatchNorm2d",)], (784,), "BatchNorm2d needs (channels, height, width) but receives (784)"),
    ([("Flatten", {"start_dim": 0})], (1, 28, 28), "would merge the batch"),
    ([("Unflatten", {"dim": 1, "unflattened_size": (2, 28, 28)})], (784,), "holds 1568 values"),
    ([("Softmax", {"dim": 0})], (10,), "dim=0 runs across the samples"),
    ([("Embedding", {"num_embeddings": 10, "embedding_dim": 4})], (784,), "token ids"),
])
def test_broken_stacks_explain_themselves(layers, shape, message):
    r = spec_of(*layers, shape=shape, dataset="none").validate()
    assert not r.ok
    assert message in r.first_error
    bad = r.first_invalid
    assert all(x.output_shape is None for x in r.layers[bad:])       # nothing after the error is guessed


def test_output_must_fit_the_dataset():
    mlp = spec_of(("Flatten",), ("Linear", {"out_features": 64}))
    r = mlp.validate()
    assert r.first_invalid is None and not r.ok
    assert "MNIST has 10 classes: end with a Linear with out_features=10" in r.first_error
    rnn = spec_of(("RNN", {"hidden_size": 8}), shape=(50, 1), dataset="sin_to_cos").validate()
    assert "one value per step, (50, 1)" in rnn.first_error
    assert "no layers yet" in ModelSpec().validate().first_error
    huge = spec_of(("Flatten",), ("Linear", {"out_features": 65536}), ("Linear", {"out_features": 10}))
    assert "52,101,130 parameters (0.2 GB of weights)" in huge.validate().first_error  # 784·65536 + …


# ---- mtorch ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(PRESETS))
def test_build_and_from_module_round_trip(name):
    spec = preset(name)
    model = spec.build()
    assert isinstance(model, mtorch.nn.Sequential) and len(model) == len(spec.layers)
    result = spec.validate()
    assert sum(p.numel() for p in model.parameters()) == result.total_params
    x = mtorch.randn(2, *spec.input_shape)
    with mtorch.no_grad():
        assert tuple(model(x).shape) == (2, *result.output_shape)
    back = ModelSpec.from_module(model, spec.input_shape, spec.dataset, name=spec.name)
    back.training = spec.training
    assert back == spec
    assert repr(back.build()) == repr(model)


def test_build_repr_shows_derived_arguments():
    model = preset(DEFAULT_PRESET).build()
    assert "Linear(in_features=784, out_features=128, bias=True)" in repr(model)


def test_from_module_refuses_what_does_not_fit():
    nn = mtorch.nn
    with pytest.raises(SpecError, match="has in_features=100 but receives"):
        ModelSpec.from_module(nn.Sequential(nn.Flatten(), nn.Linear(100, 10)), (1, 28, 28))
    with pytest.raises(SpecError, match="Linear needs a flat input"):
        ModelSpec.from_module(nn.Sequential(nn.Linear(28, 10)), (1, 28, 28))
    with pytest.raises(SpecError, match="needs batch_first=True"):
        ModelSpec.from_module(nn.Sequential(nn.RNN(1, 4)), (50, 1), "sin_to_cos")


# stacks that use every catalogue layer with unusual arguments (input shape, layers)
ODD_STACKS = [
    ((3, 17, 19), [("Conv2d", {"out_channels": 6, "kernel_size": (3, 5), "stride": 2, "padding": 1,
                               "dilation": 2, "groups": 3, "bias": False})]),
    ((4, 9, 9), [("ConvTranspose2d", {"out_channels": 6, "kernel_size": 3, "stride": 2, "padding": 1,
                                      "output_padding": 1, "groups": 2})]),
    ((4, 20), [("Conv1d", {"out_channels": 5, "kernel_size": 4, "stride": 3, "padding": 2}),
               ("MaxPool1d", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True})]),
    ((4, 11, 13), [("MaxPool2d", {"kernel_size": 3, "stride": 2, "padding": 1, "dilation": 2, "ceil_mode": True}),
                   ("AvgPool2d", {"kernel_size": 2, "ceil_mode": True, "padding": 1}),
                   ("AdaptiveAvgPool2d", {"output_size": (3, 2)}), ("Upsample", {"scale_factor": 2.0})]),
    ((4, 11, 13), [("BatchNorm2d",), ("GroupNorm", {"num_groups": 2}), ("LayerNorm",), ("Dropout2d",),
                   ("Identity",), ("Unflatten", {"dim": 2, "unflattened_size": (1, 11)}), ("BatchNorm3d",)]),
    ((7, 3), [("BatchNorm1d",), ("GRU", {"hidden_size": 5, "num_layers": 2, "bidirectional": True}),
              ("LSTM", {"hidden_size": 4, "num_layers": 2}),
              ("RNN", {"hidden_size": 3, "nonlinearity": "relu", "bias": False}), ("LayerNorm",),
              ("Linear", {"out_features": 2})]),
    ((784,), [("Unflatten", {"dim": 1, "unflattened_size": (1, -1, 28)}),
              ("Conv2d", {"out_channels": 2, "kernel_size": 3, "padding": "same"}),
              ("Flatten", {"start_dim": 2}), ("Softmax", {"dim": 1}), ("GELU", {"approximate": "tanh"}),
              ("LeakyReLU", {"negative_slope": 0.2}), ("ELU", {"alpha": 0.5}), ("Softplus", {"beta": 2.0}),
              ("LogSoftmax", {"dim": -1}), ("Sigmoid",), ("Tanh",), ("ReLU",), ("Dropout", {"p": 0.1})]),
]


def _check_framework(nn, randn):
    """Build every odd stack layer by layer with ``nn`` and compare each output shape and parameter count
    with what validation computed without running anything."""
    for shape, layers in ODD_STACKS:
        spec = spec_of(*layers, shape=shape, dataset="none")
        result = spec.validate()
        assert result.first_invalid is None, result.first_error
        x = randn(2, *shape)
        for (name, kwargs), r in zip(spec.constructor_args(result), result.layers):
            layer = getattr(nn, name)(**kwargs)
            x = layer(x)
            x = x[0] if isinstance(x, tuple) else x
            assert tuple(x.shape[1:]) == r.output_shape, (name, kwargs)
            assert sum(p.numel() for p in layer.parameters()) == r.params, (name, kwargs)


def test_catalogue_matches_mtorch_shapes_and_parameter_counts():
    with mtorch.no_grad():
        _check_framework(mtorch.nn, mtorch.randn)


def test_catalogue_matches_pytorch_shapes_and_parameter_counts():
    torch = pytest.importorskip("torch")
    with torch.no_grad():
        _check_framework(torch.nn, torch.randn)


def _random_value(rng, arg):
    """A random value of ``arg`` kept small (few channels, small kernels), so stacks run fast."""
    if arg.kind == "int":
        low = int(arg.minimum) if arg.minimum is not None else -3
        return rng.randint(low, max(low, min(int(arg.maximum) if arg.maximum is not None else 6, 6)))
    if arg.kind == "float":
        return round(rng.uniform(arg.minimum or 0.0, min(arg.maximum or 3.0, 3.0)), 3)
    if arg.kind == "bool":
        return rng.random() < 0.5
    if arg.kind == "choice":
        return rng.choice(arg.choices)
    if arg.kind == "ints":
        return rng.choice([(1, 28, 28), (4, -1), (2, 2)])
    if arg.kind == "padding" and rng.random() < 0.4:
        return rng.choice(["same", "valid"])
    if arg.kind == "optional_size" and rng.random() < 0.5:
        return None
    size = tuple(rng.randint(int(arg.minimum), 4) for _ in range(arg.dims))
    return size if len(set(size)) > 1 else size[0]


@pytest.mark.filterwarnings("ignore:dropout=")     # random recurrent dropout with a single layer
def test_random_valid_stacks_build_and_run_with_the_predicted_shapes():
    """Whatever validation accepts, mtorch builds and runs, with the shapes and counts it predicted."""
    import random

    rng = random.Random(0)
    names = [name for name in CATALOG if name != "Embedding"]
    checked = 0
    for _ in range(150):
        layers = []
        for _ in range(rng.randint(1, 3)):
            t = CATALOG[rng.choice(names)]
            args = {a.name: _random_value(rng, a) for a in t.args if rng.random() < 0.6}
            args.update({k: rng.choice([1, 1, 2]) for k in ("groups",) if k in args})
            args.update({k: rng.choice([1.0, 1.5, 2.0]) for k in ("scale_factor",) if k in args})
            layers.append(LayerSpec(t.name, args))
        spec = ModelSpec(dataset="none", input_shape=rng.choice([(1, 28, 28), (50, 1), (784,), (3, 8, 8)]),
                         layers=layers)
        result = spec.validate()
        if result.first_invalid is not None:
            continue
        model = spec.build().eval()
        x = mtorch.randn(2, *spec.input_shape)
        with mtorch.no_grad():
            for layer, r in zip(model, result.layers):
                x = layer(x)
                assert tuple(x.shape[1:]) == r.output_shape, (layer, r.output_shape)
                assert sum(p.numel() for p in layer.parameters()) == r.params, layer
        checked += 1
    assert checked > 50
