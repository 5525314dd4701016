from rest_framework import serializers

from core.api.fields import ScopedPrimaryKeyRelatedField
from members.choices import (
    CreditKind,
    Gender,
    IdType,
    MembershipCategory,
    MembershipTier,
    Region,
    TrainingKind,
)
from members.models import (
    PERSON_FIELDS,
    CreditRecord,
    Membership,
    MembershipApplication,
    Person,
    TrainingRecord,
)
from members.picker import mask_id_number
from societies.choices import Sector
from societies.models import Society


class PersonSerializer(serializers.ModelSerializer):
    """Rows reach only the person, their societies' secretaries and CAST (core.access); the ID number
    itself is shown masked."""

    id_number_masked = serializers.SerializerMethodField()
    # Read-only fields lose DRF's allow_blank: declared here, the schema lists "" (not given) as a value.
    gender = serializers.ChoiceField(choices=Gender.choices, allow_blank=True, read_only=True)
    sector = serializers.ChoiceField(choices=Sector.choices, allow_blank=True, read_only=True)
    email = serializers.EmailField(allow_blank=True, read_only=True)

    class Meta:
        model = Person
        fields = ["id", *(f for f in PERSON_FIELDS if f != "id_number"), "id_number_masked"]
        read_only_fields = fields

    def get_id_number_masked(self, person) -> str:
        return mask_id_number(person.id_number)


class PersonCreateSerializer(serializers.Serializer):
    """What `POST people/` accepts (CAST; a secretary names their society). Shapes only: the ID checksum
    per type, the unique ID document and the region are members.services.create_person's rules."""

    name = serializers.CharField(max_length=100)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True, default="")
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    id_type = serializers.ChoiceField(choices=IdType.choices, default=IdType.MAINLAND_ID)
    id_number = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    region = serializers.ChoiceField(choices=Region.choices, default=Region.MAINLAND)
    employer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    sector = serializers.ChoiceField(choices=Sector.choices, required=False, allow_blank=True, default="")
    title = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    disciplines = serializers.ListField(
        child=serializers.CharField(max_length=7), required=False, default=list, max_length=50
    )
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    society = serializers.PrimaryKeyRelatedField(
        queryset=Society.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The society whose secretariat registers the person (required for secretaries).",
    )


class MembershipCreateSerializer(serializers.Serializer):
    """What `POST memberships/` accepts. `person` must be a profile the caller may see (their society's
    people, or one they registered; any for CAST): an unknown and an invisible id get the same answer."""

    society = serializers.PrimaryKeyRelatedField(queryset=Society.objects.all())
    person = ScopedPrimaryKeyRelatedField(queryset=Person.objects.none())
    tier = serializers.ChoiceField(choices=MembershipTier.choices, default=MembershipTier.ORDINARY)
    category = serializers.ChoiceField(
        choices=MembershipCategory.choices, default=MembershipCategory.INDIVIDUAL
    )
    joined_on = serializers.DateField(required=False, allow_null=True, default=None)
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people


class MembershipSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    society_name = serializers.CharField(source="society.name", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "society",
            "society_name",
            "person",
            "person_name",
            "tier",
            "category",
            "status",
            "number",
            "joined_on",
            "valid_until",
            "fees_paid",
        ]
        read_only_fields = fields


class MembershipApplicationSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    society_name = serializers.CharField(source="society.name", read_only=True)
    region = serializers.CharField(source="person.region", read_only=True)
    membership_number = serializers.CharField(
        source="membership.number", read_only=True, default=None, allow_null=True
    )
    # The API's name for core.models.Decided.comment.
    decision_comment = serializers.CharField(source="comment", read_only=True)

    class Meta:
        model = MembershipApplication
        fields = [
            "id",
            "society",
            "society_name",
            "person",
            "person_name",
            "region",
            "tier",
            "category",
            "statement",
            "status",
            "needs_explicit_approval",
            "submitted_at",
            "decided_at",
            "decision_comment",
            "membership",
            "membership_number",
        ]
        read_only_fields = fields


class ApplicationCreateSerializer(serializers.Serializer):
    """A logged-in member applies for themself: the person is their own profile."""

    society = serializers.PrimaryKeyRelatedField(queryset=Society.objects.all())
    tier = serializers.ChoiceField(choices=MembershipTier.choices, default=MembershipTier.ORDINARY)
    category = serializers.ChoiceField(
        choices=MembershipCategory.choices, default=MembershipCategory.INDIVIDUAL
    )
    statement = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    confirm_flagged = serializers.BooleanField(required=False, default=False)


class CreditRecordSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    kind = serializers.ChoiceField(choices=CreditKind.choices)

    class Meta:
        model = CreditRecord
        fields = [
            "id",
            "person",
            "person_name",
            "kind",
            "summary",
            "starts_on",
            "ends_on",
            "source_document",
            "source_file",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["id", "person_name", "recorded_by", "recorded_at"]
        extra_kwargs = {"source_file": {"required": False}}


class TrainingRecordSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    kind = serializers.ChoiceField(choices=TrainingKind.choices)

    class Meta:
        model = TrainingRecord
        fields = [
            "id",
            "person",
            "person_name",
            "society",
            "kind",
            "course",
            "attended_on",
            "hours",
            "recorded_by",
        ]
        read_only_fields = ["id", "person_name", "recorded_by"]


class SanctionStatusSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    on = serializers.DateField()
    under_sanction = serializers.BooleanField()
    record = serializers.IntegerField(allow_null=True)
