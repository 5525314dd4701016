from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.access import restrict
from members.models import Person

from ..choices import FinanceStatus, MatterKind
from ..gate import matter_for, matters_for
from ..models import Candidate, Donation, Election, Expenditure, MajorMatter, MatterOpinion, PartyOrganization
from ..services.elections import council_composition


class MatterOpinionSerializer(serializers.ModelSerializer):
    reviewer = serializers.CharField(source="reviewer.username")

    class Meta:
        model = MatterOpinion
        fields = ["id", "reviewer", "decision", "opinion", "at"]


class MajorMatterSerializer(serializers.ModelSerializer):
    opinions = MatterOpinionSerializer(many=True, read_only=True)
    linked_type = serializers.SerializerMethodField()
    created_by = serializers.CharField(source="created_by.username", default=None, read_only=True)
    kind = serializers.ChoiceField(choices=MatterKind.choices)
    # The latest opinion: the API's name for core.models.Decided.comment.
    opinion = serializers.CharField(source="comment", read_only=True)

    class Meta:
        model = MajorMatter
        fields = [
            "id",
            "society",
            "kind",
            "amount",
            "is_foreign",
            "title",
            "description",
            "status",
            "opinion",
            "opinions",
            "linked_type",
            "object_id",
            "created_by",
            "created_at",
            "submitted_at",
            "decided_at",
        ]
        read_only_fields = ["status", "opinion", "object_id", "created_at", "submitted_at", "decided_at"]

    def get_linked_type(self, obj) -> str | None:
        ct = obj.content_type
        return f"{ct.app_label}.{ct.model}" if ct else None


class ResubmitSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    title = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)


class _GatedMixin(serializers.Serializer):
    matter = serializers.SerializerMethodField()

    def get_matter(self, obj) -> dict | None:
        # In a list, the matters of the whole page come in one query (gate.matters_for), kept on the list.
        page = self.parent if isinstance(self.parent, serializers.ListSerializer) else None
        if page is not None and page.instance is not None:
            if not hasattr(page, "_matters"):
                page._matters = matters_for(page.instance)
            matter = page._matters.get(obj.pk)
        else:
            matter = matter_for(obj)
        return {"id": matter.pk, "status": matter.status, "title": matter.title} if matter else None


def _finance_status_field(owner: str):
    """`recorded` → `confirmed`, read-only. Donations and expenditures share the choice set; a distinct
    enum id per owner gives each its own OpenAPI enum (DonationStatusEnum, ExpenditureStatusEnum)
    instead of a name collision on `status`."""
    schema = {"type": "string", "enum": FinanceStatus.values, "x-spec-enum-id": f"{owner}-status"}

    @extend_schema_field(schema)
    class FinanceStatusField(serializers.CharField):
        def __init__(self, **kwargs):
            super().__init__(read_only=True, **kwargs)

    return FinanceStatusField()


class DonationSerializer(_GatedMixin, serializers.ModelSerializer):
    status = _finance_status_field("donation")

    class Meta:
        model = Donation
        fields = [
            "id",
            "society",
            "donor",
            "amount",
            "is_foreign",
            "purpose",
            "received_on",
            "status",
            "matter",
        ]
        read_only_fields = ["status"]


class ExpenditureSerializer(_GatedMixin, serializers.ModelSerializer):
    status = _finance_status_field("expenditure")

    class Meta:
        model = Expenditure
        fields = ["id", "society", "amount", "purpose", "spent_on", "status", "matter"]
        read_only_fields = ["status"]


class PartyOrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartyOrganization
        fields = ["id", "society", "level", "branch", "secretary_name", "members_count", "established_on"]
        validators = []  # uniqueness is the service's (R-PB-04) answer


class CandidateSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "person",
            "person_name",
            "grassroots",
            "sector",
            "position",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "elected",
        ]
        read_only_fields = ["votes_for", "votes_against", "votes_abstain", "elected"]

    def validate_person(self, person):
        request = self.context.get("request")
        if request is not None and not restrict(Person.objects.filter(pk=person.pk), request.user).exists():
            raise serializers.ValidationError(_("Unknown person."))
        return person


class ElectionSerializer(_GatedMixin, serializers.ModelSerializer):
    candidates = CandidateSerializer(many=True, required=False)
    composition = serializers.SerializerMethodField()

    class Meta:
        model = Election
        fields = [
            "id",
            "society",
            "body",
            "term_start",
            "term_end",
            "seats",
            "status",
            "voters_eligible",
            "voters_present",
            "new_term",
            "candidates",
            "matter",
            "composition",
        ]
        read_only_fields = ["status", "voters_eligible", "voters_present", "new_term"]

    def get_composition(self, obj) -> dict | None:
        data = council_composition(obj.new_term) if obj.new_term_id else None
        if data:
            data = {k: v if v is None or isinstance(v, bool | int) else str(v) for k, v in data.items()}
        return data


class VoteSerializer(serializers.Serializer):
    candidate = serializers.IntegerField()
    votes_for = serializers.IntegerField(min_value=0)
    votes_against = serializers.IntegerField(min_value=0, default=0)
    votes_abstain = serializers.IntegerField(min_value=0, default=0)


class RecordVotesSerializer(serializers.Serializer):
    voters_eligible = serializers.IntegerField(min_value=1)
    voters_present = serializers.IntegerField(min_value=0)
    votes = VoteSerializer(many=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
