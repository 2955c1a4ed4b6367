"""Use cases of the engine, one module each; the CLI, the TUI and the scheduler call these."""
