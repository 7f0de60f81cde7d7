"""Install anywhere: what the programs read ships inside the packages, user files go to the user's folders.

The wheel itself is built, installed into a fresh virtual environment and run from another folder by
``.ci/run``; these tests check the same contract on the checkout.
"""

import io
import re
import tokenize
from importlib.resources import files
from pathlib import Path

import pytest

import mtorch
import mtorch_gui
from mtorch.datasets.mnist import shipped
from mtorch_gui.resources import resource

PACKAGES = [Path(mtorch.__file__).parent, Path(mtorch_gui.__file__).parent]


def _code_lines(source: str):
    """(number, line) of the lines that are code: text inside a multi-line string (a docstring, the template of
    a generated script, which may rightly use ``__file__``) is not the module looking for files."""
    in_text = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING and token.end[0] > token.start[0]:
            in_text.update(range(token.start[0] + 1, token.end[0]))
    return [(n, line) for n, line in enumerate(source.splitlines(), 1) if n not in in_text]


def test_no_module_finds_files_relative_to_its_source():
    pattern = re.compile(r"(?<![.\w])__file__|parents\[|[\"']\.\./")
    offenders = [f"{path}:{n}" for package in PACKAGES for path in package.rglob("*.py")
                 if "_resources" not in path.parts and "_data" not in path.parts
                 for n, line in _code_lines(path.read_text(encoding="utf-8")) if pattern.search(line)]
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
