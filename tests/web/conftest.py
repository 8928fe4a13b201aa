"""Fixtures shared with the handling tests: a filed proposal."""

from tests.handling.conftest import filed  # noqa: F401
