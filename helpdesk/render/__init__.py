"""Rich renderables shared by the CLI and the TUI.

User text reaches the screen only through :func:`helpdesk.render.text.literal`, which never
parses markup, so no company name or description can restyle or break a screen.
"""
