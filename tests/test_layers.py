"""The architecture holds: import-linter's contracts, and a direct scan of every import.

DESIGN.md section 5: the domain and the services import neither Textual nor Typer; the CLI and
the TUI import neither TinyDB nor the store; the store is the only module that imports TinyDB;
dates go through one package, the only one that imports dateutil.

The scan reads every ``import`` statement in ``helpdesk/`` with :mod:`ast`, including imports
inside functions (the lazy ones), which is what import-linter sees too; the contracts also catch
indirect imports.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.usefixtures("isolated_env"),
    pytest.mark.files_only("reads the package's source files, no desk"),
]

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "helpdesk"

#: The core: what must work with no user interface at all.
CORE = ("domain/", "store/", "services/", "render/", "dates/", "errors.py", "config.py")
FRONTS = ("cli/", "tui/")
UI_LIBRARIES = ("textual", "typer", "click", "helpdesk.cli", "helpdesk.tui")
STORAGE = ("tinydb", "helpdesk.store")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) for every module ``path`` imports, relative imports made absolute."""
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def imports_in(source: str, package_name: str) -> Iterator[tuple[int, str]]:
    """(line, module) for every import in ``source``, a module of package ``package_name``."""
    tree = ast.parse(source)
    package = package_name.split(".")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            yield node.lineno, stem
            for alias in node.names:
                # ``from helpdesk import store`` imports the module helpdesk.store.
                yield node.lineno, f"{stem}.{alias.name}"
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__"
            )
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):  # fmt: skip
            yield node.lineno, node.args[0].value


def is_of(module: str, roots: tuple[str, ...]) -> bool:
    return any(module == root or module.startswith(root + ".") for root in roots)


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def offenders(where: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    """``file:line imports module`` for every forbidden import in files under ``where``."""
    found = []
    for path in sources():
        if not relative(path).startswith(where):
            continue
        for line, module in imports_of(path):
            if is_of(module, forbidden):
                found.append(f"helpdesk/{relative(path)}:{line} imports {module}")
    return sorted(set(found))


def importers(library: str) -> set[str]:
    """Files of the package that import ``library``."""
    return {
        relative(path)
        for path in sources()
        if any(is_of(module, (library,)) for _, module in imports_of(path))
    }


# -- import-linter ------------------------------------------------------------------------------


def test_import_linter_keeps_every_contract() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    result = subprocess.run(
        [str(lint), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = " ".join(result.stdout.split())  # long contract names wrap
    assert f"Contracts: {len(contracts)} kept, 0 broken." in report
    for contract in contracts:
        assert f"{' '.join(contract['name'].split())} KEPT" in report


def test_the_contracts_cover_the_design() -> None:
    """The contracts themselves say what DESIGN.md says (so weakening one is noticed)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    assert config["root_package"] == "helpdesk"
    assert config["include_external_packages"] is True
    by_name = {c["name"]: c for c in config["contracts"]}
    core = by_name["The core never imports a user interface"]
    assert set(core["source_modules"]) >= {
        "helpdesk.domain",
        "helpdesk.store",
        "helpdesk.services",
        "helpdesk.render",
        "helpdesk.dates",
        "helpdesk.errors",
        "helpdesk.config",
    }
    assert set(core["forbidden_modules"]) >= {"textual", "typer", "helpdesk.cli", "helpdesk.tui"}
    fronts = by_name["The fronts never touch storage"]
    assert set(fronts["source_modules"]) == {"helpdesk.cli", "helpdesk.tui"}
    assert set(fronts["forbidden_modules"]) >= {"tinydb", "helpdesk.store"}
    assert by_name["Layers"]["layers"][-1] == "helpdesk.domain"


# -- a direct scan --------------------------------------------------------------------------------


def test_the_scanner_sees_imports() -> None:
    """A control: the scan finds the imports that must exist, so the tests below can fail."""
    assert "store/store.py" in importers("tinydb")
    assert importers("dateutil") == {"dates/parsing.py", "dates/recurrence.py"}
    assert "cli/main.py" in importers("typer")
    assert "services/factory.py" in importers("helpdesk.store")
    lazy = {m for _, m in imports_of(PACKAGE / "cli" / "tui.py")}
    assert "helpdesk.tui.app" in lazy  # an import inside a function


def test_relative_and_lazy_imports_are_resolved() -> None:
    source = (
        "from . import companies\n"
        "from ..store import records\n"
        "def later():\n"
        "    import textual.app\n"
        "    importlib.import_module('tinydb')\n"
    )
    modules = {m for _, m in imports_in(source, "helpdesk.services")}
    assert {
        "helpdesk.services.companies",
        "helpdesk.store",
        "helpdesk.store.records",
        "textual.app",
        "tinydb",
    } <= modules


def test_the_core_imports_no_user_interface() -> None:
    assert offenders(CORE, UI_LIBRARIES) == []


def test_the_fronts_import_no_storage() -> None:
    assert offenders(FRONTS, STORAGE) == []


def test_only_the_store_imports_tinydb() -> None:
    assert {f for f in importers("tinydb") if not f.startswith("store/")} == set()


def test_only_the_dates_package_imports_dateutil() -> None:
    assert {f for f in importers("dateutil") if not f.startswith("dates/")} == set()


def test_the_fronts_do_not_reach_into_the_store() -> None:
    """BUG: ``helpdesk/cli/tickets.py`` (``triage`` with no options) calls
    ``desk.ctx.store.tickets()``: the front reads the store directly, which import-linter cannot
    see. The suggestion belongs in a service (e.g. ``desk.tickets.suggest_triage(ref)``)."""
    found = []
    for path in sources():
        if not relative(path).startswith(FRONTS):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("store", "ctx"):
                found.append(f"helpdesk/{relative(path)}:{node.lineno} .{node.attr}")
    assert found == []
