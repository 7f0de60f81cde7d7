"""The palette's search, as plain data and a function: no Qt."""

import pytest

from mtorch_gui.model.catalog import CATALOG, GROUPS, SEARCH_ALIASES, find_layers


@pytest.mark.parametrize("query, expected", [
    ("dense", ["Linear"]), ("fc", ["Linear"]), ("Fully Connected", ["Linear"]),
    ("conv", ["Conv1d", "Conv2d", "ConvTranspose2d"]),
    ("pool", ["MaxPool1d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d"]),
    ("bn", ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d"]),
    ("norm", ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm", "GroupNorm"]),
    ("rnn", ["RNN", "LSTM", "GRU"]), ("recurrent", ["RNN", "LSTM", "GRU"]),
    ("drop", ["Dropout", "Dropout2d"]), ("embed", ["Embedding"]),
    ("conv 2d", ["Conv2d", "ConvTranspose2d"]),  # every word must match
    ("sigmo", ["Sigmoid"]),                        # names still match by part
])
def test_aliases_find_the_layers_people_mean(query, expected):
    assert find_layers(query) == expected


def test_activation_words_find_every_activation():
    activations = [name for name, t in CATALOG.items() if t.group == "Activation"]
    assert find_layers("act") == find_layers("activation") == activations


def test_every_alias_points_at_a_known_layer_or_group_and_finds_it():
    for word, targets in SEARCH_ALIASES.items():
        assert word == word.lower()
        for target in targets:
            assert target in CATALOG or target in GROUPS, (word, target)
            members = [target] if target in CATALOG else [n for n, t in CATALOG.items() if t.group == target]
            assert set(members) <= set(find_layers(word)), word


def test_empty_query_shows_all_and_nonsense_shows_none():
    assert find_layers("") == find_layers("  ") and len(find_layers("")) == len(CATALOG)
    assert find_layers("qwertz") == []
    assert find_layers("全连接", also=lambda t: "全连接" if t.name == "Linear" else "") == ["Linear"]
