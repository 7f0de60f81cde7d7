"""The palette filters with the catalogue's aliases and says so when nothing matches."""

from mtorch_gui.editor.palette import LayerPalette


def shown(palette):
    return [name for name, item in palette.items().items() if not item.isHidden()]


def test_aliases_and_the_no_match_hint(qtbot):
    palette = LayerPalette()
    qtbot.addWidget(palette)
    palette.search.setText("fc")
    assert shown(palette) == ["Linear"] and palette.tree.currentItem().text(0) == "Linear"
    palette.search.setText("qwertz")
    assert shown(palette) == [] and palette.tree.currentItem() is None
    assert "No layer matches “qwertz”" in palette.description.text()
    palette.search.setText("pool")
    assert shown(palette)[0] == palette.tree.currentItem().text(0) == "MaxPool1d"
    assert "No layer matches" not in palette.description.text()
    palette.search.clear()
    assert len(shown(palette)) == len(palette.items())
