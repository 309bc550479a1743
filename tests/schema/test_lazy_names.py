"""The schema package hands out its names lazily (schema/__init__.py): each one is the
object its submodule defines, and a name it does not have is an AttributeError."""

from __future__ import annotations

import importlib

import pytest

import friendship_tui.schema as schema


def test_every_public_name_is_its_submodules_object() -> None:
    assert set(schema.__all__) == set(schema._HOME_OF)
    for name in schema.__all__:
        home = importlib.import_module(f"friendship_tui.schema.{schema._HOME_OF[name]}")
        assert getattr(schema, name) is getattr(home, name), name


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'NotAModel'"):
        _ = schema.NotAModel
    assert not hasattr(schema, "NotAModel")
