"""Fixtures of the societies tests live in the shared conftest (personas) and ./factories.py."""
