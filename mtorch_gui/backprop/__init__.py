"""Views that show back-propagation itself: the backprop inspector, the computational graph, weight and
gradient histograms, the embedding map and the 2-D playground. Plain modules (no Qt) hold the logic."""
