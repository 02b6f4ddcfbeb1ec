"""Screens of the terminal UI: each decides what to do and calls the desk's services."""
