"""Test data is built one way (STYLE.md §8): one factory per model, all of them in tests/factories.py."""

import importlib
import pkgutil
from collections import defaultdict

import pytest
from factory.django import DjangoModelFactory

import tests


def _factories_by_model() -> dict:
    """Every DjangoModelFactory subclass defined in a module of the tests package, by its model."""
    found = defaultdict(list)
    for info in pkgutil.walk_packages(tests.__path__, prefix="tests."):
        try:
            module = importlib.import_module(info.name)
        except pytest.skip.Exception:
            continue
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, DjangoModelFactory)
                and obj.__module__ == module.__name__
                and obj._meta.model is not None
            ):
                found[obj._meta.model].append(f"{obj.__module__}.{obj.__qualname__}")
    return found


def test_one_factory_per_model():
    found = _factories_by_model()
    assert found, "no factories found: the walk of the tests package is broken"
    duplicates = {model._meta.label: sorted(names) for model, names in found.items() if len(names) > 1}
    assert duplicates == {}, "one factory per model: put it in tests/factories.py and use that one"


def test_factories_live_in_one_place():
    elsewhere = sorted(
        name
        for names in _factories_by_model().values()
        for name in names
        if not name.startswith("tests.factories.")
    )
    assert elsewhere == [], "factories belong in tests/factories.py (tests.factories)"
