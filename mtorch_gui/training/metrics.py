"""What a classifier gets right and wrong, and what its first layer looks at (plain numpy)."""

from __future__ import annotations

import numpy as np

from mtorch_gui.model.text import Text


def layer_number(module_name: str) -> int:
    """The number a person reads for the model's child module ``module_name`` ("0" for the first): layers are
    numbered from 1, as in the editor's stack. Only what people read is renumbered; state-dict keys
    ("0.weight") stay PyTorch's."""
    return int(module_name) + 1


def confusion_matrix(targets: np.ndarray, predictions: np.ndarray, num_classes: int) -> np.ndarray:
    """Counts ``cm[true, predicted]`` as an int64 (num_classes, num_classes) array."""
    flat = targets.astype(np.int64) * num_classes + predictions.astype(np.int64)
    return np.bincount(flat, minlength=num_classes * num_classes).reshape(num_classes, num_classes)


def per_class_accuracy(cm: np.ndarray) -> np.ndarray:
    """Share of each true class predicted right (NaN for a class with no samples)."""
    totals = cm.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, np.diag(cm) / totals, np.nan)


def misclassified(images: np.ndarray, targets: np.ndarray, predictions: np.ndarray, limit: int = 48) -> dict:
    """The first ``limit`` wrongly predicted images (N, C, H, W) as (H, W) float32 copies (colour images as the
    mean of their channels) with their labels."""
    wrong = np.flatnonzero(predictions != targets)[:limit]
    return {
        "images": images[wrong].mean(axis=1, dtype=np.float32),
        "targets": targets[wrong].copy(),
        "predictions": predictions[wrong].copy(),
    }


def first_layer_images(state_dict: dict) -> tuple[np.ndarray | None, str]:
    """Pictures of what the first weighted layer learned, as (count, h, w) float32, and a caption.

    Linear weights over 784 inputs are shown as one 28x28 image per output unit; Conv2d filters as one
    kh x kw tile per output channel (averaged over input channels). Anything else gives (None, reason).
    """
    for name, weight in state_dict.items():
        if not name.endswith("weight") or np.ndim(weight) not in (2, 4):
            continue
        w = np.asarray(weight, dtype=np.float32)
        layer = layer_number(name.rsplit(".", 1)[0])
        if w.ndim == 4:
            return w.mean(axis=1), Text("training", "Conv2d filters of layer {layer} ({count} of {h}x{w})").format(
                layer=layer, count=w.shape[0], h=w.shape[2], w=w.shape[3])
        if w.shape[1] == 28 * 28:
            return w.reshape(-1, 28, 28), Text("training", "Linear weights of layer {layer}, one 28x28 image per "
                                                           "unit").format(layer=layer)
        return None, Text("training", "The first layer with weights (layer {layer}) does not look at the 28x28 "
                                      "image directly.").format(layer=layer)
    return None, Text("training", "The model has no weighted layer to show.")


def tile_images(images: np.ndarray, columns: int = 8, pad: int = 1) -> np.ndarray:
    """One mosaic of (count, h, w) images, each scaled to [0, 1] on its own, on a mid-grey background."""
    count, h, w = images.shape
    rows = -(-count // columns)
    mosaic = np.full((rows * (h + pad) + pad, columns * (w + pad) + pad), 0.5, np.float32)
    low = images.min(axis=(1, 2), keepdims=True)
    span = np.maximum(images.max(axis=(1, 2), keepdims=True) - low, 1e-12)
    scaled = (images - low) / span
    for k in range(count):
        r, c = divmod(k, columns)
        mosaic[pad + r * (h + pad):(r + 1) * (h + pad), pad + c * (w + pad):(c + 1) * (w + pad)] = scaled[k]
    return mosaic
