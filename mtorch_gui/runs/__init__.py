"""Every training run recorded: the store (SQLite, no Qt), its recorder, sweeps, the lr finder and their views."""
