"""File → Export: the PyTorch training script and ONNX with the last run's weights."""

import numpy as np
import pytest

from mtorch_gui.main_window import MainWindow
from mtorch_gui.model.codegen import training_script


@pytest.fixture
def window(qtbot):
    w = MainWindow(use_settings=False)
    qtbot.addWidget(w)
    yield w
    w.document.undo_stack.setClean()


def test_the_export_menu_holds_the_code_the_script_and_onnx(window):
    texts = [a.text() for a in window.export_menu.actions() if not a.isSeparator()]
    assert texts[:2] == [window.export_mtorch_action.text(), window.export_torch_action.text()]
    assert texts[2:] == ["PyTorch &training script…", "&ONNX…"]


def test_training_script(window, tmp_path, dialogs):
    window.document.load_preset("LeNet-5")
    path = tmp_path / "lenet_train.py"
    assert window.export_menu.export_script(str(path))
    assert path.read_text() == training_script(window.document.spec, script="lenet_train.py")
    window.document.load_preset("MLP 784-128-64-10")
    window.document.remove_layer(0)  # the Flatten: Linear gets an image
    assert not window.export_menu.export_script(str(tmp_path / "broken.py"))
    assert "Fix the model first" in dialogs.of("warning")[0][2] and not (tmp_path / "broken.py").exists()


def test_onnx_with_untrained_then_trained_weights(window, tmp_path):
    onnx = pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")
    window.document.load_preset("MLP 784-128-64-10")
    spec = window.document.spec
    assert window.export_menu.export_onnx(str(tmp_path / "untrained.onnx"))
    assert "untrained weights" in window.statusBar().currentMessage()
    state = {k: np.full(v.shape, 0.01, np.float32) for k, v in spec.build().state_dict().items()}
    window.export_menu._remember({"spec": spec.copy(), "state_dict": state})  # as the panel sends after an epoch
    path = tmp_path / "trained.onnx"
    assert window.export_menu.export_onnx(str(path))
    assert "last training run" in window.statusBar().currentMessage()
    onnx.checker.check_model(onnx.load(path))
    (out,) = ort.InferenceSession(str(path)).run(None, {"input": np.ones((2, 1, 28, 28), np.float32)})
    assert out.shape == (2, 10) and np.allclose(out, out[0, 0])  # every output the same: the weights given
