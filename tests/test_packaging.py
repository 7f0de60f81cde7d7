"""Install anywhere: what the programs read ships inside the packages, user files go to the user's folders.

The wheel itself is built, installed into a fresh virtual environment and run from another folder by
``.ci/run``; these tests check the same contract on the checkout.
"""

import re
from importlib.resources import files
from pathlib import Path

import pytest

import mtorch
import mtorch_gui
from mtorch.datasets.mnist import shipped
from mtorch_gui.resources import resource

PACKAGES = [Path(mtorch.__file__).parent, Path(mtorch_gui.__file__).parent]


def test_no_module_finds_files_relative_to_its_source():
    pattern = re.compile(r"(?<![.\w])__file__|parents\[|[\"']\.\./")
    offenders = [f"{path}:{n}" for package in PACKAGES for path in package.rglob("*.py")
                 if "_resources" not in path.parts and "_data" not in path.parts
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert offenders == []


def test_resources_are_found_inside_the_packages():
    assert resource("icons", "save.svg").is_file() and resource("models", "default_cnn.safetensors").is_file()
    assert resource().parent == Path(files("mtorch_gui"))
    assert sorted(p.name for p in shipped("mnist").iterdir() if p.suffix == ".gz") == [
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz"]
    assert shipped().parent == Path(files("mtorch.datasets"))


def test_user_files_go_to_the_users_folders(tmp_path, monkeypatch):
    qtcore = pytest.importorskip("PySide6.QtCore")
    from mtorch_gui.app import APPLICATION, ORGANIZATION
    from mtorch_gui.folders import documents_folder, runs_folder

    paths = qtcore.QStandardPaths
    qtcore.QCoreApplication.setOrganizationName(ORGANIZATION)
    qtcore.QCoreApplication.setApplicationName(APPLICATION)
    monkeypatch.setenv("HOME", str(tmp_path))
    paths.setTestModeEnabled(True)  # Qt's own test locations, under the temporary home on Linux
    try:
        runs = Path(runs_folder())
        assert runs == Path(paths.writableLocation(paths.AppDataLocation), "runs") and runs.is_dir()
        assert ORGANIZATION in runs.parts and APPLICATION in runs.parts
        documents = Path(documents_folder())
    finally:
        paths.setTestModeEnabled(False)
    for package in PACKAGES:
        assert not runs.is_relative_to(package.parent) and not documents.is_relative_to(package.parent)
