"""Every module of civic/ imports: a module moved to another layer leaves no import of
its old place behind (import-linter does not see an import of a module that is gone)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import civic

MODULES = sorted(
    name
    for _finder, name, _is_package in pkgutil.walk_packages(civic.__path__, prefix="civic.")
    if name != "civic.core.__main__"
)
IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}


@pytest.mark.parametrize("name", MODULES)
def test_the_module_imports(name: str) -> None:
    importlib.import_module(name)


def test_no_module_guards_an_import_with_except_import_error() -> None:
    """A part of Civic is never optional: an area that needs another's act publishes an
    event (civic/events.py) instead of importing it behind a guard."""
    root = Path(civic.__file__).parent
    guarded = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            caught = node.type if isinstance(node, ast.ExceptHandler) else None
            names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
            if any(isinstance(n, ast.Name) and n.id in IMPORT_ERRORS for n in names):
                guarded.append(f"{path.relative_to(root.parent)}:{node.lineno}")
    assert guarded == []
