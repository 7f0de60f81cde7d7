"""The run store: schema, migration, two writers at once, a run killed half-way, and mtorch-train's records."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import mtorch
from mtorch_gui.model.presets import preset
from mtorch_gui.runs import store as store_module
from mtorch_gui.runs.recorder import RunRecorder
from mtorch_gui.runs.store import MIGRATIONS, SCHEMA_VERSION, RunStore, RunStoreError
from mtorch_gui.training import cli
from mtorch_gui.training.config import TrainingConfig


def _record(store, name="run", epochs=2, lr=0.01):
    recorder = RunRecorder(store)
    recorder.begin(preset("MLP 784-128-64-10"), TrainingConfig(lr=lr, epochs=epochs), "gui", name=name)
    return recorder


def test_schema_is_current_in_wal_mode(tmp_path):
    store = RunStore(tmp_path / "r.db")
    db = sqlite3.connect(tmp_path / "r.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"runs", "batch_metrics", "epoch_metrics"}
    columns = {row[1] for row in db.execute("PRAGMA table_info(runs)")}
    assert {"name", "tags", "model", "dataset", "settings", "started", "ended", "outcome", "weights"} <= columns
    store.close()


def test_a_run_records_everything_and_its_weights(tmp_path):
    store = RunStore(tmp_path / "r.db")
    recorder = _record(store, lr=0.05)

    class Info:
        def __init__(self, step):
            self.step, self.epoch, self.loss, self.lr = step, 0, 1.0 / step, 0.05

    recorder.add_batches([Info(s) for s in range(1, 11)])
    recorder.add_epoch({"epoch": 1, "train_loss": 0.5, "val_accuracy": 0.8, "test_accuracy": 0.79, "seconds": 2.0})
    recorder.add_epoch({"epoch": 2, "train_loss": 0.4, "val_accuracy": 0.85, "test_accuracy": 0.84, "seconds": 4.0,
                        "val_loss": float("nan")})
    weights = {"0.weight": np.arange(6, dtype=np.float32).reshape(2, 3)}
    recorder.end("finished", weights)

    run = store.run(recorder.run_id)
    assert (run.name, run.outcome, run.dataset, run.optimizer, run.lr, run.batch_size) == (
        "run", "finished", "mnist", "Adam", 0.05, 64)
    assert run.best_val == 0.85 and run.test_metric == 0.84 and run.seconds == 4.0
    assert run.epochs[1]["val_loss"] is None  # JSON has no NaN
    x, losses = store.loss_curve(run.id)
    assert x.tolist() == [step / 10 for step in range(1, 11)] and losses[1] == 0.5  # ten batches of epoch 0
    assert os.path.dirname(run.weights) == str(tmp_path / "r_weights")
    np.testing.assert_array_equal(mtorch.load(run.weights)["0.weight"].numpy(), weights["0.weight"])
    model = json.loads(store.model_json(run.id))
    assert model["training"]["lr"] == 0.05 and model["layers"]

    store.rename(run.id, "renamed")
    store.set_tags(run.id, "adam,  baseline")
    assert (store.run(run.id).name, store.run(run.id).tags) == ("renamed", "adam baseline")
    store.delete([run.id])
    assert store.runs() == [] and not os.path.exists(run.weights)
    assert store.loss_curve(run.id)[0].size == 0  # the metrics went with it


def test_weights_that_cannot_be_written_still_end_the_run(tmp_path):
    store = RunStore(tmp_path / "r.db")
    store.weights_folder.write_text("a file where the weights folder belongs")
    recorder = _record(store)
    with pytest.raises(RunStoreError, match=r"Cannot write run 1's weights .*r_weights.*1\.safetensors: "):
        recorder.end("finished", {"0.weight": np.zeros((2, 3), np.float32)})
    run = store.run(recorder.run_id)
    assert (run.outcome, run.weights) == ("finished", None) and run.ended is not None


def test_an_older_database_is_migrated_keeping_its_runs(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO runs (name, model, dataset, settings, started, outcome, source, host, pid) "
               "VALUES ('old run', '{}', 'mnist', '{\"lr\": 0.1}', 1.0, 'finished', 'cli', 'h', 1)")
    db.execute("INSERT INTO epoch_metrics VALUES (1, 1, '{\"epoch\": 1, \"val_accuracy\": 0.5}')")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()

    store = RunStore(path)
    (run,) = store.runs()
    assert (run.name, run.tags, run.weights, run.lr, run.best_val) == ("old run", "", None, 0.1, 0.5)
    store.set_tags(run.id, "kept")  # the new column works
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_newer_or_broken_database_is_refused_clearly(tmp_path):
    newer = tmp_path / "newer.db"
    sqlite3.connect(newer).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(RunStoreError, match="newer.db.*newer than this"):
        RunStore(newer)
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database" * 100)
    with pytest.raises(RunStoreError, match="broken.db"):
        RunStore(broken)


def test_two_connections_write_interleaved(tmp_path):
    """The GUI and mtorch-train each have their own connection; runs and metrics of both are kept."""
    gui, cli_store = RunStore(tmp_path / "r.db"), RunStore(tmp_path / "r.db")
    a, b = _record(gui, "gui run"), _record(cli_store, "cli run")
    for epoch in range(1, 4):
        a.add_epoch({"epoch": epoch, "val_accuracy": 0.1 * epoch})
        b.add_epoch({"epoch": epoch, "val_accuracy": 0.2 * epoch})
    # a reader holding a snapshot does not block a writer (WAL)
    reader = sqlite3.connect(tmp_path / "r.db", isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 2
    a.end("finished")
    b.end("stopped")
    reader.execute("COMMIT")
    runs = {r.name: r for r in gui.runs()}
    assert (runs["gui run"].outcome, runs["cli run"].outcome) == ("finished", "stopped")
    assert len(runs["gui run"].epochs) == len(runs["cli run"].epochs) == 3


WRITER = textwrap.dedent("""
    import sys
    from mtorch_gui.runs.store import RunStore
    store = RunStore(sys.argv[1])
    for i in range(40):
        run = store.begin_run(f"{sys.argv[2]} {i}", "{}", "mnist", {}, "cli")
        store.add_batches(run, [(s, 0, 1.0, 0.1) for s in range(1, 51)])
        store.add_epoch(run, {"epoch": 1})
        store.end_run(run, "finished")
""")


def test_two_processes_write_at_once(tmp_path):
    path = str(tmp_path / "r.db")
    RunStore(path).close()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, path, name]) for name in ("gui", "cli")]
    assert [w.wait(timeout=300) for w in writers] == [0, 0]
    runs = RunStore(path).runs()
    assert len(runs) == 80 and all(r.outcome == "finished" and len(r.epochs) == 1 for r in runs)


KILLED = textwrap.dedent("""
    import os, signal, sys
    from mtorch_gui.runs.store import RunStore
    store = RunStore(sys.argv[1])
    run = store.begin_run("killed", "{}", "mnist", {}, "cli")
    store.add_batches(run, [(s, 0, 1.0, 0.1) for s in range(1, 101)])
    store._db.execute("BEGIN IMMEDIATE")  # killed in the middle of a transaction
    store._db.execute("INSERT INTO batch_metrics VALUES (?, 999, 0, 1.0, 0.1)", (run,))
    os.kill(os.getpid(), signal.SIGKILL)
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_run_killed_half_way_is_marked_interrupted(tmp_path):
    path = str(tmp_path / "r.db")
    done = subprocess.run([sys.executable, "-c", KILLED, path], timeout=300)
    assert done.returncode == -signal.SIGKILL
    store = RunStore(path)
    (run,) = store.runs()
    assert run.outcome == "interrupted"
    losses = store.loss_curve(run.id)[1]
    assert losses.size == 100  # committed batches kept, the half-written one rolled back


def test_a_running_run_of_a_live_process_is_not_marked_interrupted(tmp_path, monkeypatch):
    store = RunStore(tmp_path / "r.db")
    run = store.begin_run("mine", "{}", "mnist", {}, "gui")
    assert RunStore(tmp_path / "r.db").run(run).outcome == "running"
    monkeypatch.setattr(store_module, "_process_alive", lambda pid: False)
    assert RunStore(tmp_path / "r.db").run(run).outcome == "interrupted"


def test_mtorch_train_records_runs_and_lists_them(tmp_path, capsys):
    model = tmp_path / "mlp.json"
    model.write_text(preset("MLP 784-128-64-10").to_json())
    db = tmp_path / "r.db"
    common = [str(model), "--runs", str(db), "--epochs", "1", "--limit", "200"]
    assert cli.main(common + ["--lr", "0.01", "--optimizer", "SGD"]) == 0
    assert cli.main(common + ["--lr", "0.001", "--batch-size", "32"]) == 0
    assert "recorded run 2 in" in capsys.readouterr().out
    assert cli.main(["--list-runs", "--runs", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[0].split()[:4] == ["Run", "Name", "Tags", "Dataset"]
    assert "SGD" in lines[1] and "0.01" in lines[1] and "finished" in lines[1] and "%" in lines[1]
    assert "Adam" in lines[2] and "0.001" in lines[2] and " 32 " in lines[2]
    run = RunStore(db).run(2)
    assert run.weights and set(mtorch.load(run.weights)) == {"1.weight", "1.bias", "3.weight", "3.bias",
                                                             "5.weight", "5.bias"}
    assert len(RunStore(db).loss_curve(2)[0]) == 7  # ceil(200 / 32) batches


def test_mtorch_train_records_into_the_apps_database_by_default(tmp_path, capsys):
    model = tmp_path / "mlp.json"
    model.write_text(preset("MLP 784-128-64-10").to_json())
    assert cli.main([str(model), "--epochs", "1", "--limit", "64"]) == 0
    assert cli.main(["--list-runs"]) == 0
    out = capsys.readouterr().out
    assert str(tmp_path / "data") in out and "MLP" in out  # the test's own data folder (tests/conftest.py)


def test_list_runs_of_a_bad_file_is_one_clear_line(tmp_path, capsys):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"\0not sqlite" * 100)
    assert cli.main(["--list-runs", "--runs", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.db" in err
