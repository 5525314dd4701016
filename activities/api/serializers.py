from rest_framework import serializers

from activities.models import Activity, ActivityVersion
from activities.services import FILING_FIELDS
from branches.models import Branch
from core.access import restrict
from core.api.fields import ScopedPrimaryKeyRelatedField
from societies.models import Society

FIELDS = [
    "id",
    "society",
    *FILING_FIELDS,
    "status",
    "is_late",
    "submitted_at",
    "decided_at",
    "actual_participants",
    "summary",
]


class ActivitySerializer(serializers.ModelSerializer):
    society = serializers.PrimaryKeyRelatedField(queryset=Society.objects.all())
    branch = ScopedPrimaryKeyRelatedField(queryset=Branch.objects.all(), allow_null=True, required=False)
    scope_codes = serializers.ListField(child=serializers.CharField(max_length=7), allow_empty=True)

    class Meta:
        model = Activity
        fields = FIELDS
        read_only_fields = [
            "status",
            "is_late",
            "submitted_at",
            "decided_at",
            "actual_participants",
            "summary",
        ]

    def get_fields(self):
        """Only branches the requester may see are offered (an unseen branch is simply unknown)."""
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["branch"].queryset = restrict(Branch.objects.all(), request.user)
        return fields

    def validate(self, attrs):
        if "parent" in self.initial_data:
            raise serializers.ValidationError({"parent": ["Activities have no parent."]})
        return attrs


class ActivityVersionSerializer(serializers.ModelSerializer):
    submitted_by = serializers.CharField(source="submitted_by.username")

    class Meta:
        model = ActivityVersion
        fields = ["number", "submitted_at", "submitted_by", "data"]


class SummarySerializer(serializers.Serializer):
    actual_participants = serializers.IntegerField(min_value=0)
    summary = serializers.CharField()
