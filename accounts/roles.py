"""Roles and reach live in core.roles (core's vocabulary of who may reach what). compliance/ and its tests,
being rebuilt on another branch, still import them from here; nothing else does."""

from core.roles import GROUP_ROLES, OBJECT_ROLES, Reach, Role, forget_reach, reach_of, role_model

__all__ = ["GROUP_ROLES", "OBJECT_ROLES", "Reach", "Role", "forget_reach", "reach_of", "role_model"]
