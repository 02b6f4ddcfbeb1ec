"""Build step: compile the translation catalogs (``helpdesk/locale/*/LC_MESSAGES/*.po``) into the
``.mo`` files gettext reads, so a wheel ships them and an editable install has them at once."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):  # type: ignore[type-arg]
    """Write ``helpdesk.mo`` beside every ``helpdesk.po`` and ship it."""

    PLUGIN_NAME = "compile-catalogs"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile each catalog; a wheel lists the compiled files as its own."""
        root = Path(self.root)
        for po in sorted(root.glob("helpdesk/locale/*/LC_MESSAGES/*.po")):
            with po.open("rb") as source:
                catalog = read_po(source)
            compiled = io.BytesIO()
            write_mo(compiled, catalog, use_fuzzy=False)
            mo = po.with_suffix(".mo")
            mo.write_bytes(compiled.getvalue())
            build_data["artifacts"].append(mo.relative_to(root).as_posix())
