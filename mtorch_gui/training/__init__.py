"""Training: the engine and headless command (plain Python) and the training panel (Qt).

Plain Python: ``config`` (settings), ``datasets``, ``engine`` (Trainer), ``history``, ``metrics``,
``checkpoint``, ``cli`` (``mtorch-train``). Qt: ``worker`` (the QThread), ``panel`` (TrainingPanel) and its
views ``plots``, ``confusion``, ``gallery``, ``weights_view``, ``settings_form``.
"""
