"""Shared pytest configuration for the whole suite.

``--doctest-modules`` would collect every ``conftest.py`` as a module too; the test folders
have no ``__init__.py``, so two of them would both import as ``conftest`` and clash. They
hold no doctests: keep them out of collection (pytest still loads them as conftests).
"""

collect_ignore_glob = ["conftest.py", "*/conftest.py"]
