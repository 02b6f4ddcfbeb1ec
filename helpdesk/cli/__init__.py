"""The command line: a thin Typer front over the services, one module per command group."""
