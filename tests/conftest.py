"""Every test gets a data folder of its own, so runs recorded by ``mtorch-train`` or the window
(``mtorch_gui.runs``) never land in the user's run database."""

import pytest


@pytest.fixture(autouse=True)
def isolated_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
