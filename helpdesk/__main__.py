"""Run the desk with ``python -m helpdesk``."""

from helpdesk.cli.main import main

if __name__ == "__main__":
    main()
