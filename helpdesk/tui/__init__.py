"""The adviser's terminal UI (Textual). Imported only when the TUI opens."""
