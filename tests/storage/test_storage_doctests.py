"""Storage's docstring examples are tests (pytest's testpaths collect tests/ and engine/)."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

import storage

MODULES = sorted(
    module.name
    for module in pkgutil.iter_modules(storage.__path__, "storage.")
    if ">>>" in inspect.getsource(importlib.import_module(module.name))
)


def test_the_examples_are_where_they_are_expected() -> None:
    assert {"storage.aio", "storage.bootstrap", "storage.rules", "storage.settings"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
