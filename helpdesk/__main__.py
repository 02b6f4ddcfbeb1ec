"""Run the desk with ``python -m helpdesk``."""

from helpdesk.cli.server.launch import main

if __name__ == "__main__":
    main()
