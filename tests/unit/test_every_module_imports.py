"""Every module of civic/ imports: a module moved to another layer leaves no import of
its old place behind (import-linter does not see an import of a module that is gone)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import civic

MODULES = sorted(
    name
    for _finder, name, _is_package in pkgutil.walk_packages(civic.__path__, prefix="civic.")
    if name != "civic.core.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_the_module_imports(name: str) -> None:
    importlib.import_module(name)
