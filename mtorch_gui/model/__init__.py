"""Plain-Python documents of the editor: the model spec, the layer catalogue, presets and code export."""
