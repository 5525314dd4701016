from rest_framework import serializers

from compliance.models import Finding


class FindingSerializer(serializers.ModelSerializer):
    subject_type = serializers.CharField(read_only=True)
    subject_id = serializers.CharField(source="object_id", read_only=True, allow_null=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "rule",
            "severity",
            "society",
            "subject_type",
            "subject_id",
            "message",
            "facts",
            "status",
            "deadline",
            "opened_at",
            "resolved_at",
            "closing_comment",
        ]
        read_only_fields = fields


class DismissSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="")
