"""The desk's records and rules: pure Python, no I/O, no user interface."""
