"""Roles and reach live in core.roles (core's vocabulary of who may reach what). compliance/, being
rebuilt on another branch, still imports reach_of from here; nothing else does."""

from core.roles import reach_of

__all__ = ["reach_of"]
