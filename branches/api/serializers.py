from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from branches import rules
from branches.models import Branch, BranchAssessment, BranchOfficer, BranchResolution
from core.access import CHANGE, VIEW, refuse_crossing, restrict
from core.api.fields import ScopedPrimaryKeyRelatedField
from societies.models import Society


class ResolutionSerializer(serializers.ModelSerializer):
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = BranchResolution
        fields = [
            "body",
            "held_on",
            "seats",
            "present",
            "votes_for",
            "votes_against",
            "abstain",
            "document_name",
            "document_url",
        ]
        read_only_fields = ["document_name"]

    @extend_schema_field(serializers.CharField(allow_null=True))  # a path on this host, not an absolute URI
    def get_document_url(self, resolution) -> str | None:
        """Where the signed document is downloaded (access-checked); null while none is attached."""
        if not resolution.document:
            return None
        return reverse("branches:resolution_document", kwargs={"pk": resolution.branch_id})


class OfficerSerializer(serializers.ModelSerializer):
    class Meta:
        model = BranchOfficer
        fields = ["id", "name", "position", "person", "since"]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = BranchAssessment
        fields = ["year", "activities_filed", "activities_approved", "members_served", "grade", "reason"]
        read_only_fields = fields


class BranchSerializer(serializers.ModelSerializer):
    """A branch office. There is no parent: a payload naming one (`parent`, `parent_branch`, `branch`…)
    is refused with R-BR-01 before anything else is looked at."""

    society = ScopedPrimaryKeyRelatedField(queryset=Society.objects.all())
    # A plain string so that a "sub-branch" kind is refused by R-BR-01, not as a mere bad choice.
    kind = serializers.CharField(max_length=20, required=False, default="branch")
    business_scope = serializers.ListField(child=serializers.CharField(max_length=7), allow_empty=True)
    resolution = ResolutionSerializer(required=False, allow_null=True)
    officers = OfficerSerializer(many=True, read_only=True)
    assessments = AssessmentSerializer(many=True, read_only=True)

    class Meta:
        model = Branch
        fields = [
            "id",
            "society",
            "name",
            "kind",
            "business_scope",
            "purpose",
            "status",
            "established_on",
            "resolution",
            "officers",
            "assessments",
            "over_ceiling_reason",
            "needs_cast_attention",
            "rectification_deadline",
            "submitted_at",
            "decided_at",
            "revoked_on",
        ]
        read_only_fields = [
            "status",
            "established_on",
            "over_ceiling_reason",
            "needs_cast_attention",
            "rectification_deadline",
            "submitted_at",
            "decided_at",
            "revoked_on",
        ]
        validators = []  # uniqueness and every rule are checked by the services (branches.rules)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None:  # output only
            fields["society"].queryset = Society.objects.none()
        elif self.instance is None:
            # A new branch names a society the user may act on (400 on `society` otherwise).
            fields["society"].queryset = restrict(Society.objects.all(), user, CHANGE)
        else:
            # Societies are public; naming another one than the branch's is refused by validate_society.
            fields["society"].queryset = restrict(Society.objects.all(), user, VIEW)
        return fields

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            rules.check_no_nesting_keys(data)
            # Re-sending the current status (a GET body PUT back) is harmless; asking for another is not.
            if "status" in data and (self.instance is None or data["status"] != self.instance.status):
                raise serializers.ValidationError(
                    {
                        "status": [
                            _(
                                "The status is not edited: state changes are actions, "
                                "POST /api/v1/branches/<id>/<action>/ (submit, approve, reject, flag, "
                                "rectified, revoke)."
                            )
                        ]
                    }
                )
        return super().to_internal_value(data)

    def validate_society(self, value):
        if self.instance is not None and value.pk != self.instance.society_id:
            request = self.context.get("request")
            raise serializers.ValidationError(
                refuse_crossing(
                    getattr(request, "user", None),
                    _("A branch office does not move to another society."),
                    field="society",
                    model=Society,
                    value=value,
                    society=self.instance.society_id,
                ).message
            )
        return value

    def validate_kind(self, value):
        rules.check_kind(value)
        return value

    def validate_name(self, value):
        rules.check_name(value)
        return value.strip()


class ResolutionDocumentSerializer(serializers.Serializer):
    """Multipart body of `POST /api/v1/branches/<id>/resolution_document/`."""

    file = serializers.FileField(
        help_text=_(
            "The signed establishing resolution: PDF or image (checked by content), within the size limit."
        )
    )


class SubmitSerializer(serializers.Serializer):
    over_ceiling_reason = serializers.CharField(
        required=False, allow_blank=True, default=None, allow_null=True
    )


class FlagSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
