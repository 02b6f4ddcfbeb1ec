"""helpdesk: a terminal help desk for an innovation hub's advisory desk for small businesses."""

__version__ = "0.1.0"
