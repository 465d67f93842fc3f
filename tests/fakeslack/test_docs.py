"""The package docstring is the fake's manual: every public helper and faked method is in it."""

from __future__ import annotations

import inspect
import re

import pytest

from . import __doc__ as manual
from .driver import Driver
from .server import METHODS, FakeSlack
from .socket_driver import SocketDriver
from .socket_mode import Ack, Link, SocketMode


def public(cls: type) -> list[str]:
    return [
        name
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and (callable(member) or isinstance(member, property))
    ]


@pytest.mark.parametrize("name", sorted({*public(FakeSlack), *public(Driver), *public(SocketMode),
                                         *public(SocketDriver), *public(Ack), *public(Link)}))
def test_every_public_helper_is_in_the_manual(name: str) -> None:
    assert re.search(rf"\b{name}\b", manual or ""), name


@pytest.mark.parametrize("method", [*METHODS, "oauth.v2.access", "apps.connections.open"])
def test_every_faked_method_is_in_the_manual(method: str) -> None:
    family, _, verb = method.rpartition(".")  # "chat.postMessage/update" names both
    assert re.search(rf"{re.escape(family)}\.[\w/\s]*\b{verb}\b", manual or ""), method
