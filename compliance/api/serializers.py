from rest_framework import serializers

from compliance.models import Evidence, Finding, Sweep


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
            "rectification",
            "escalated_at",
            "opened_by_sweep",
            "resolved_by_sweep",
        ]
        read_only_fields = fields


class DismissSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class RectifySerializer(serializers.Serializer):
    rectification = serializers.CharField(max_length=8000)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "uploaded_at"]
        read_only_fields = fields


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class SweepSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sweep
        fields = [
            "id",
            "status",
            "progress",
            "findings_opened",
            "findings_resolved",
            "findings_escalated",
            "society",
            "trigger",
            "created_at",
            "started_at",
            "finished_at",
            "open_after",
            "stats",
        ]
        read_only_fields = fields


class SweepStartSerializer(serializers.Serializer):
    society = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1)
