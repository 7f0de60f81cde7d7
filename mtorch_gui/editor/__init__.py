"""The layer-stack editor: Qt views on a ModelDocument (palette, stack, properties, summary)."""
