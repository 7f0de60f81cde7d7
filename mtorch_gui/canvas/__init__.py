"""The Draw tab: a canvas to draw digits on, MNIST-style preprocessing, live prediction, every layer's
activations, and the sin-to-cos view for sequence models (preprocess.py, strokes.py and predictor.py are
plain Python; the rest are Qt widgets)."""
