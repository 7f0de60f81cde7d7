"""Your own data: image folders, CSV tables and .npz arrays, each with its errors, on files made here."""

import numpy as np
import pytest

from mtorch.datasets import ImageFolder
from mtorch_gui.data import images, registry
from mtorch_gui.data.registry import DatasetError, dataset_info, options_for_path

PIL = pytest.importorskip("PIL.Image")


@pytest.fixture(autouse=True)
def pillow_decoder(monkeypatch):
    """mtorch-train's decoder (the app's window installs Qt's, which another test may have left)."""
    monkeypatch.setattr(images, "_decoder", images.pillow_decode)


def write_images(root, counts=None, size=(12, 10), mode="L", fmt="png"):
    """counts {class: n}: n images per class folder, class i's images filled with value 40 * (i + 1)."""
    counts = counts or {"cat": 6, "dog": 5, "owl": 4}
    for i, (name, n) in enumerate(counts.items()):
        (root / name).mkdir(parents=True)
        for j in range(n):
            pixels = np.full(size[::-1] + ((3,) if mode == "RGB" else ()), 40 * (i + 1), np.uint8)
            pixels[0, 0] = j
            PIL.fromarray(pixels, mode).save(root / name / f"{j}.{fmt}")
    return root


# ---- image folders ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["png", "jpg", "bmp"])
def test_mtorch_image_folder_follows_torchvision(tmp_path, fmt):
    root = write_images(tmp_path / "pets", fmt=fmt)
    (tmp_path / "pets" / "cat" / "notes.txt").write_text("not an image")
    ds = ImageFolder(root)
    assert ds.classes == ["cat", "dog", "owl"] and ds.class_to_idx == {"cat": 0, "dog": 1, "owl": 2}
    assert len(ds) == 15 and ds.targets[:7] == [0] * 6 + [1]
    image, label = ds[6]
    assert tuple(image.shape) == (3, 10, 12) and label == 1 and abs(float(image[0, 5, 5].item()) - 80 / 255) < 0.02
    seen = []
    ds = ImageFolder(root, transform=lambda a: a.shape, loader=lambda p: seen.append(p) or np.zeros((2, 2, 3)))
    assert ds[0][0] == (2, 2, 3) and seen[0].endswith(f"0.{fmt}")
    with pytest.raises(FileNotFoundError, match="no class folders"):
        ImageFolder(tmp_path / "pets" / "cat")


def test_without_pillow_the_default_loader_says_so(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__
    monkeypatch.setattr(builtins, "__import__", lambda name, *a, **k: (_ for _ in ()).throw(ImportError(name))
                        if name == "PIL" else real_import(name, *a, **k))
    ds = ImageFolder(write_images(tmp_path / "pets"))
    with pytest.raises(ImportError, match="pip install Pillow, or pass loader="):
        ds[0]


@pytest.mark.parametrize("color, channels", [("grayscale", 1), ("rgb", 3)])
def test_an_image_folder_is_resized_split_and_remembered(tmp_path, color, channels):
    root = write_images(tmp_path / "pets", mode="RGB")
    name, options = options_for_path(root)
    info = dataset_info(name, {**options, "size": 8, "color": color, "test_ratio": 0.2})
    assert (info.task, info.classes, info.input_shape, info.canvas) == ("classification", ("cat", "dog", "owl"),
                                                                         (channels, 8, 8), "image")
    splits = info.load()
    assert (len(splits.train), len(splits.val), len(splits.test)) == (10, 2, 3)
    assert splits.train.x.dtype == np.float32 and splits.train.x.shape[1:] == (channels, 8, 8)
    owl = splits.train.x[splits.train.y == 2]
    assert np.allclose(owl[:, :, 4, 4], 120 / 255, atol=1e-2)  # class 2 was filled with 120
    assert info.load() is splits  # decoded once
    assert len(info.load(limit=1).train) == 1


def test_a_folder_with_train_and_test_brings_its_own_split(tmp_path):
    write_images(tmp_path / "d" / "train")
    write_images(tmp_path / "d" / "test", {"cat": 2, "dog": 1, "owl": 1})
    splits = dataset_info("image_folder", {"path": str(tmp_path / "d")}).load()
    assert len(splits.test) == 4 and len(splits.train) + len(splits.val) == 15


def test_the_app_can_decode_with_another_reader(tmp_path, monkeypatch):
    root = write_images(tmp_path / "pets")
    monkeypatch.setattr(images, "_decoder", lambda path, size, color: np.full((1, size, size), 0.5, np.float32))
    splits = dataset_info("image_folder", {"path": str(root), "size": 5, "seed": 7}).load()
    assert np.all(splits.train.x == 0.5)


@pytest.mark.parametrize("make, problem", [
    (lambda root: write_images(root, {"cat": 3}), "one class folder only \\(cat\\)"),
    (lambda root: root.mkdir(), "has no class folders"),
    (lambda root: (write_images(root), (root / "emu").mkdir()), "no PNG/JPG/JPEG/BMP image in the class folder"),
    (lambda root: (write_images(root), (root / "dog" / "9.png").write_bytes(b"\x89PNG broken")),
     "Cannot read the image .*dog/9.png"),
    (lambda root: (write_images(root / "train"), write_images(root / "test", {"cat": 1, "dog": 1})),
     "test/ has the classes cat, dog but train/ has cat, dog, owl"),
])
def test_bad_image_folders_name_the_folder_or_image(tmp_path, make, problem):
    root = tmp_path / "pets"
    make(root)
    with pytest.raises(DatasetError, match=problem):
        dataset_info("image_folder", {"path": str(root)}).load()


def test_bad_image_options_and_paths(tmp_path):
    root = write_images(tmp_path / "pets")
    for options, problem in (({"size": 2}, "image size must be from 4"), ({"color": "cmyk"}, "colour must be"),
                             ({"path": ""}, "its path is empty"), ({"path": str(tmp_path / "gone")}, "does not exist")):
        with pytest.raises(DatasetError, match=problem):
            dataset_info("image_folder", {"path": str(root), **options})
    with pytest.raises(DatasetError, match="neither a folder"):
        options_for_path(tmp_path / "a.txt")


# ---- CSV ---------------------------------------------------------------------------------------------------

def write_csv(path, text):
    path.write_text(text)
    return path


IRIS = "sepal,petal,species\n" + "".join(f"{1 + i % 5},{10 + i},{'setosa' if i % 2 else 'virginica'}\n"
                                         for i in range(20))


def test_a_csv_table_with_string_labels_is_standardised_with_the_training_statistics(tmp_path):
    name, options = options_for_path(write_csv(tmp_path / "iris.csv", IRIS))
    info = dataset_info(name, {**options, "test_ratio": 0.25})
    assert (name, info.task, info.input_shape, info.classes) == ("csv", "classification", (2,),
                                                                 ("setosa", "virginica"))
    assert info.canvas == "points"  # two features: the Draw tab can click points
    splits = info.load()
    assert (len(splits.train), len(splits.val), len(splits.test)) == (12, 3, 5)
    assert np.allclose(splits.train.x.mean(axis=0), 0, atol=1e-6) and np.allclose(splits.train.x.std(axis=0), 1)
    assert not np.allclose(splits.test.x.mean(axis=0), 0, atol=1e-3)  # test keeps the training statistics
    assert set(np.unique(splits.train.y)) <= {0, 1}


def test_csv_label_column_and_task(tmp_path):
    path = write_csv(tmp_path / "t.csv", "a,b,c\n" + "".join(f"{i},{i * 0.5},{i % 3}\n" for i in range(30)))
    info = dataset_info("csv", {"path": str(path)})
    assert info.task == "classification" and info.classes == ("0", "1", "2")  # whole numbers: classes
    by_b = dataset_info("csv", {"path": str(path), "label": "b"})
    assert by_b.task == "regression" and by_b.target_shape == (1,)  # fractions: a regression
    assert dataset_info("csv", {"path": str(path), "label": "c", "task": "regression"}).task == "regression"
    assert dataset_info("csv", {"path": str(path), "label": "b"}).load().train.y.dtype == np.float32


@pytest.mark.parametrize("text, options, problem", [
    ("a,b\n1,x\n2\n", {}, "t.csv, row 3: 1 values, but the header has 2 columns"),
    ("a,b\n1,x\nhello,y\n", {}, "t.csv, row 3, column a: hello is not a number"),
    ("a,b\n1,x\n,y\n", {}, "t.csv, row 3, column a: the value is missing"),
    ("a,b\n1,x\n2,x\n", {}, "the label column b has one class only \\(x\\)"),
    ("a,b\n1,x\n2,y\n", {"label": "c"}, "t.csv has no column c; its columns are a, b"),
    ("a,a\n1,2\n", {}, "a different, non-empty name for every column"),
    ("a,b\n", {}, "needs a header row and at least one row of data"),
    ("a,b\n1,x\n2,y\n", {"task": "regression"}, "row 2: the label x is not a number"),
    ("a,b\n1,x\n2,y\n", {"task": "guess"}, "the task must be one of auto, classification, regression"),
    ("b\nx\ny\n", {}, "no feature column besides the label b"),
    ("a,b\n1,x\n2,y\n3,y\n", {}, "too few samples"),
])
def test_bad_csv_names_file_row_and_column(tmp_path, text, options, problem):
    path = write_csv(tmp_path / "t.csv", text)
    with pytest.raises(DatasetError, match=problem):
        dataset_info("csv", {"path": str(path), **options}).load()


def test_a_changed_file_is_read_again(tmp_path):
    path = write_csv(tmp_path / "t.csv", IRIS)
    assert dataset_info("csv", {"path": str(path)}).num_classes == 2
    write_csv(path, IRIS.replace("setosa", "versicolor", 3) + "1,2,setosa\n")
    assert dataset_info("csv", {"path": str(path)}).num_classes == 3


# ---- .npz ----------------------------------------------------------------------------------------------------

def test_npz_with_and_without_its_own_test_split(tmp_path):
    rng = np.random.default_rng(0)
    x, y = rng.integers(0, 256, (50, 1, 6, 6), dtype=np.uint8), np.arange(50) % 4
    np.savez(tmp_path / "a.npz", x=x, y=y)
    info = dataset_info(*options_for_path(tmp_path / "a.npz"))
    assert (info.task, info.input_shape, info.classes, info.canvas) == ("classification", (1, 6, 6),
                                                                         ("0", "1", "2", "3"), "image")
    splits = info.load()
    assert (len(splits.train), len(splits.val), len(splits.test)) == (32, 8, 10) and splits.train.x.max() <= 1
    np.savez(tmp_path / "b.npz", x=x[:40], y=np.array(["no", "yes"])[y[:40] % 2], x_test=x[40:],
             y_test=np.array(["yes"] * 10))
    splits = dataset_info("npz", {"path": str(tmp_path / "b.npz")}).load()
    assert splits.info.classes == ("no", "yes") and len(splits.test) == 10 and np.all(splits.test.y == 1)
    np.savez(tmp_path / "r.npz", x=rng.normal(size=(30, 3)), y=rng.normal(size=(30, 2)))
    regression = dataset_info("npz", {"path": str(tmp_path / "r.npz")})
    assert regression.task == "regression" and regression.target_shape == (2,)


@pytest.mark.parametrize("arrays, problem", [
    ({"x": np.zeros((5, 2)), "y": np.arange(4)}, "x has 5 samples but y has 4"),
    ({"x": np.zeros((5, 2)), "y": np.zeros(5, int)}, "y has one class only \\(0\\)"),
    ({"x": np.zeros((5, 2))}, "needs arrays named x and y; it has x"),
    ({"x": np.zeros((6, 2)), "y": np.arange(6) % 2, "x_test": np.zeros((2, 3)), "y_test": np.arange(2)},
     "x_test's samples have the shape \\(3,\\) but x's have \\(2,\\)"),
    ({"x": np.zeros((6, 2)), "y": np.arange(6) % 2, "x_test": np.zeros((2, 2)), "y_test": np.array([0, 5])},
     "y_test has the class 5, which y has not"),
    ({"x": np.zeros((6, 2)), "y": np.arange(6) % 2, "x_test": np.zeros((2, 2))}, "one of x_test and y_test"),
    ({"x": np.array([[np.nan, 1]] * 6), "y": np.arange(6) % 2}, "x holds NaN or infinite values \\(sample 0\\)"),
    ({"x": np.array(["a"] * 6), "y": np.arange(6) % 2}, "x must be a non-empty array of numbers"),
])
def test_bad_npz_names_the_file_and_array(tmp_path, arrays, problem):
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(DatasetError, match=f"bad.npz.*{problem}"):
        dataset_info("npz", {"path": str(tmp_path / "bad.npz")}).load()


def test_npz_that_is_not_one_or_needs_pickle(tmp_path):
    (tmp_path / "fake.npz").write_text("a,b\n1,2\n")  # a CSV renamed
    with pytest.raises(DatasetError, match="fake.npz is not an .npz \\(zip\\) file") as caught:
        dataset_info("npz", {"path": str(tmp_path / "fake.npz")})
    assert "allow_pickle" not in str(caught.value) and "unsafely" not in str(caught.value)
    np.savez(tmp_path / "obj.npz", x=np.array([{"a": 1}] * 4, dtype=object), y=np.arange(4) % 2)
    with pytest.raises(DatasetError, match="obj.npz: x holds object arrays, which are refused") as caught:
        dataset_info("npz", {"path": str(tmp_path / "obj.npz")})
    assert "allow_pickle" not in str(caught.value) and "unsafely" not in str(caught.value)


@pytest.mark.parametrize("arrays, problem", [
    ({"x": np.zeros((5, 2)), "y": np.array(1)}, "y is a single value"),
    ({"x": np.zeros((5, 2)), "y": np.arange(5) % 2, "x_test": np.zeros((2, 2)), "y_test": np.array(0)},
     "y_test is a single value"),
    ({"x": np.array(3.0), "y": np.arange(5) % 2}, "x must be a non-empty array of numbers"),
])
def test_npz_with_a_single_value_names_the_file_and_array(tmp_path, arrays, problem):
    np.savez(tmp_path / "zero.npz", **arrays)
    with pytest.raises(DatasetError, match=f"zero.npz: {problem}"):
        dataset_info("npz", {"path": str(tmp_path / "zero.npz")}).load()


def test_file_datasets_are_not_offered_in_the_editor_list():
    assert {"image_folder", "csv", "npz"} & {info.name for info in registry.choices()} == set()


# ---- mtorch-train --dataset ------------------------------------------------------------------------------------

def _model(tmp_path, layers, input_shape=(2,), dataset="spiral"):
    from mtorch_gui.model.spec import LayerSpec, ModelSpec

    spec = ModelSpec(name="m", dataset=dataset, input_shape=input_shape,
                     layers=[LayerSpec(t, a) for t, a in layers], training={"epochs": 2, "batch_size": 8})
    path = tmp_path / "m.json"
    path.write_text(spec.to_json())
    return path


MLP = [("Flatten", {}), ("Linear", {"out_features": 16}), ("ReLU", {})]


@pytest.mark.parametrize("make, extra, classes", [
    (lambda d: write_images(d / "pets"), [], 3),
    (lambda d: write_csv(d / "iris.csv", IRIS), [], 2),
    (lambda d: np.savez(d / "a.npz", x=np.random.default_rng(0).normal(size=(40, 3)), y=np.arange(40) % 2) or
     d / "a.npz", [], 2),
    (lambda d: "spiral", ["--points", "60", "--noise", "0.2"], 2),
    (lambda d: "circle", ["--points", "60", "--features", "x1,x2,x1^2,x2^2"], 2),
])
def test_mtorch_train_takes_any_dataset_and_writes_the_same_history_columns(tmp_path, capsys, make, extra, classes):
    from mtorch_gui.training import cli

    data = make(tmp_path)
    model = _model(tmp_path, MLP + [("Linear", {"out_features": classes})], input_shape=(1, 6, 6), dataset="mnist")
    history = tmp_path / "h.csv"
    code = cli.main([str(model), "--dataset", str(data), "--history-csv", str(history), "--runs",
                     str(tmp_path / "runs.db"), *extra])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "epoch 2, train loss" in out.out and "test acc" in out.out
    assert history.read_text().splitlines()[0] == ("epoch,train_loss,train_accuracy,lr,val_loss,test_loss,"
                                                    "val_accuracy,test_accuracy,val_tail_mse,test_tail_mse,seconds")


def test_mtorch_train_on_a_model_that_does_not_fit_the_data_says_why(tmp_path, capsys):
    from mtorch_gui.training import cli

    model = _model(tmp_path, MLP + [("Linear", {"out_features": 10})])
    assert cli.main([str(model), "--dataset", str(write_csv(tmp_path / "iris.csv", IRIS))]) == 2
    assert "iris.csv has 2 classes: end with a Linear with out_features=2" in capsys.readouterr().err
    assert cli.main([str(model), "--dataset", str(tmp_path / "nothing.csv")]) == 2
    assert "is neither a folder" in capsys.readouterr().err
    assert cli.main([str(model), "--dataset", "spiral", "--label", "x"]) == 2
    assert "--label is not an option of the dataset spiral" in capsys.readouterr().err
    bad = write_csv(tmp_path / "bad.csv", "a,b\n1,x\nz,y\n")
    assert cli.main([str(model), "--dataset", str(bad)]) == 2
    assert "bad.csv, row 3, column a: z is not a number" in capsys.readouterr().err


def test_a_file_that_turns_bad_after_it_was_chosen_stops_the_run_with_its_reason(tmp_path):
    from mtorch_gui.model.spec import LayerSpec, ModelSpec
    from mtorch_gui.training.config import TrainingConfig
    from mtorch_gui.training.engine import Trainer, TrainingError

    path = write_csv(tmp_path / "iris.csv", IRIS)
    spec = ModelSpec(dataset="csv", dataset_options={"path": str(path)}, input_shape=(2,),
                     layers=[LayerSpec("Linear", {"out_features": 2})])
    config = TrainingConfig.for_spec(spec)
    assert config.problems() == []
    write_csv(path, IRIS + "1,2\n")
    with pytest.raises(TrainingError, match="iris.csv, row 22: 2 values, but the header has 3 columns"):
        Trainer(spec, config)


def test_mtorch_train_on_a_2d_regression_reports_the_whole_error(tmp_path, capsys):
    from mtorch_gui.training import cli

    model = _model(tmp_path, [("Linear", {"out_features": 8}), ("Tanh", {}), ("Linear", {"out_features": 1})],
                   dataset="plane")
    assert cli.main([str(model), "--loss", "MSELoss", "--runs", str(tmp_path / "runs.db")]) == 0
    out = capsys.readouterr().out
    assert "val MSE " in out and "from step" not in out
