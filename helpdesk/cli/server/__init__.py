"""The command server, which keeps commands quick once started (it is opt-in).

- :mod:`~helpdesk.cli.server.launch`: the ``helpdesk`` program; runs a command here or hands
  it to a running server.
- :mod:`~helpdesk.cli.server.serve`: the server process, a forked worker per command.
- :mod:`~helpdesk.cli.server.caller`: the worker taking on its caller's identity, groups,
  limits and priority, or refusing.
- :mod:`~helpdesk.cli.server.commands`: ``helpdesk server status|start|stop``.

The database read ahead between commands is :mod:`helpdesk.services.read_ahead` (the fronts
never reach the store themselves).

This package imports nothing on its own: the launcher must start without paying for anything
a command run here would not use.
"""
