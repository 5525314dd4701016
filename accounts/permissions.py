"""Who may see and manage accounts: CAST administrators manage staff accounts and roles; everyone
else sees only their own account."""

from django.contrib.auth import get_user_model

from core.access import Scope, register

register(get_user_model(), Scope(owner="pk", regulator_reads=False))
