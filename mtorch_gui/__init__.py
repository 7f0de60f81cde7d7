"""mtorch_gui: a desktop app to build, train and probe mtorch networks."""
