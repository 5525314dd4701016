"""`settings/`: rule thresholds, CAST administrators only; every change audited."""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.permissions import MayAdmin
from core.rule_settings import all_rule_settings, change_rule_setting


def _render(values: dict) -> dict:
    return {key: str(value) for key, value in values.items()}


class RuleSettingsView(APIView):
    permission_classes = [permissions.IsAuthenticated, MayAdmin]

    @extend_schema(responses=dict)
    def get(self, request):
        return Response(_render(all_rule_settings()))

    @extend_schema(request=dict, responses=dict)
    def patch(self, request):
        with transaction.atomic():
            comment = str(request.data.get("comment", ""))
            for key, value in request.data.items():
                if key != "comment":
                    change_rule_setting(actor=request.user, key=key, value=value, comment=comment)
        return Response(_render(all_rule_settings()))
