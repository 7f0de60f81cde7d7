"""The file helpers every reader and writer uses: atomic writes (mode, symlinks, temporary files, long
names, fsync) and bounded reads (FIFOs and devices refused, sizes checked first, JSON bounded)."""

import os
import stat

import pytest

import mtorch
from mtorch.serialization import (
    SafetensorsError,
    atomic_write,
    open_regular_file,
    parse_json,
    read_text_file,
    write_bytes_atomic,
    write_text_atomic,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX modes, FIFOs and /dev/zero")


@pytest.fixture(params=["unnamed", "named"])
def temporary(request, monkeypatch):
    """Run a test with both kinds of temporary file: unnamed (Linux's O_TMPFILE) and named (elsewhere)."""
    if request.param == "named":
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    elif not hasattr(os, "O_TMPFILE"):
        pytest.skip("no O_TMPFILE here")
    return request.param


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@posix_only
def test_an_existing_file_keeps_its_mode(tmp_path, temporary):
    path = tmp_path / "model.json"
    path.write_text("old")
    os.chmod(path, 0o664)
    write_text_atomic(path, "new")
    assert path.read_text() == "new" and _mode(path) == 0o664
    os.chmod(path, 0o640)
    mtorch.save({"w": mtorch.ones(2)}, path)
    assert _mode(path) == 0o640


@posix_only
def test_a_new_file_gets_the_umask_mode(tmp_path, temporary):
    old = os.umask(0o027)
    try:
        write_text_atomic(tmp_path / "new.json", "x")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "new.json") == 0o640


def test_a_symlink_is_written_through(tmp_path, temporary):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    write_text_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == real.name
    assert real.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_an_exception_inside_the_write_leaves_the_old_file_and_no_temporary_file(tmp_path, temporary):
    path = tmp_path / "model.json"
    path.write_text("old")
    with pytest.raises(KeyboardInterrupt):
        with atomic_write(path) as f:
            f.write(b"half")
            raise KeyboardInterrupt
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["model.json"]
    with pytest.raises(IsADirectoryError):
        write_bytes_atomic(tmp_path, b"x")           # the rename itself fails
    assert os.listdir(tmp_path) == ["model.json"]


@pytest.mark.parametrize("length", [245, 250, 255])
def test_names_up_to_the_longest_the_file_system_allows(tmp_path, temporary, length):
    path = tmp_path / ("é" * ((length - 5) // 2) + "x" * ((length - 5) % 2) + ".json")
    assert len(os.fsencode(path.name)) == length
    write_text_atomic(path, "long")
    assert path.read_text() == "long" and os.listdir(tmp_path) == [path.name]
    mtorch.save({"w": mtorch.ones(1)}, path)
    assert mtorch.load(path)["w"].tolist() == [1.0]


def test_the_file_and_its_folder_are_synced(tmp_path, temporary, monkeypatch):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(stat.S_IFMT(os.fstat(fd).st_mode)), real_fsync(fd)))
    write_text_atomic(tmp_path / "a.json", "x")
    assert synced[0] == stat.S_IFREG
    if os.name == "posix":
        assert synced[1:] == [stat.S_IFDIR]


@pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="a kill leaves a named temporary file behind")
def test_a_write_killed_midway_leaves_the_old_file_and_nothing_else(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "model.json"
    path.write_text("old")
    child = subprocess.Popen([sys.executable, "-c", (
        "import sys\n"
        "from mtorch.serialization import atomic_write\n"
        "with atomic_write(sys.argv[1]) as f:\n"
        "    f.write(b'new' * 100_000)\n"
        "    f.flush()\n"
        "    print('writing', flush=True)\n"
        "    sys.stdin.read()\n"                       # blocks until the test kills it
    ), str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    try:
        assert child.stdout.readline() == "writing\n"
        assert os.listdir(tmp_path) == ["model.json"]  # the file being written has no name yet
    finally:
        child.kill()
        child.wait()
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["model.json"]


def test_text_is_written_as_utf8_with_its_newlines(tmp_path):
    write_text_atomic(tmp_path / "a.txt", "é\nb\r\n")
    assert (tmp_path / "a.txt").read_bytes() == "é\nb\r\n".encode()


@posix_only
def test_a_fifo_is_refused_without_blocking(tmp_path):
    from mtorch_gui.model.catalog import SpecError
    from mtorch_gui.model.files import load_spec
    from mtorch_gui.training.checkpoint import CheckpointError, load_checkpoint

    fifo = tmp_path / "model.json"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="it is a FIFO, not a regular file"):
        open_regular_file(fifo)
    with pytest.raises(SpecError, match="Cannot open model.json: it is a FIFO"):
        load_spec(fifo)
    with pytest.raises(SafetensorsError, match="model.json.*a FIFO"):
        mtorch.load(fifo)
    with pytest.raises(CheckpointError, match="model.json.*a FIFO"):
        load_checkpoint(fifo)


@posix_only
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_devices_and_folders_are_refused_before_reading(tmp_path):
    with pytest.raises(ValueError, match="a character device"):
        read_text_file("/dev/zero", 1000)
    with pytest.raises(SafetensorsError, match="/dev/zero.*character device"):
        mtorch.load("/dev/zero")
    with pytest.raises(SafetensorsError, match="a folder"):
        mtorch.load(tmp_path)


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.json"
    with open(path, "wb") as f:
        f.truncate(50 * 2 ** 20)                      # sparse: 50 MB that take no room on disk
    with pytest.raises(ValueError, match="52,428,800 bytes, more than the 1,000"):
        read_text_file(path, 1000)


@pytest.mark.parametrize("text, problem", [
    ("[" * 100_000 + "]" * 100_000, "nests deeper than 100 levels"),
    ("[" * 101 + "]" * 101, "nests deeper than 100 levels"),
    ("1" * 5000, "an integer of 5,000 digits"),
    ("[-" + "9" * 41 + "]", "an integer of 42 digits"),
    ('{"lr": NaN}', "NaN, which is not a JSON number"),
    ("[Infinity]", "Infinity"),
    ("{", "not valid JSON"),
])
def test_json_is_bounded(text, problem):
    with pytest.raises(ValueError, match=problem):
        parse_json(text)


def test_json_within_the_bounds():
    assert parse_json("[" * 100 + "]" * 100) == parse_json("[" * 100 + "]" * 100)
    assert parse_json("[-" + "9" * 40 + ", 1e999]") == [-int("9" * 40), float("inf")]
    assert parse_json('{"a": [1, {"b": null}]}', max_depth=3) == {"a": [1, {"b": None}]}
    with pytest.raises(ValueError, match="deeper than 2"):
        parse_json('{"a": [1, {"b": null}]}', max_depth=2)
