"""Widgets of the terminal UI: each shows what its screen gives it and reports what happened."""
