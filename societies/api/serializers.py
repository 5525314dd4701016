from rest_framework import serializers

from core.disciplines import parse_codes, unknown
from societies.choices import Discipline
from societies.models import CharterVersion, GovernanceBody, Officer, Society, Term


class SocietySerializer(serializers.ModelSerializer):
    class Meta:
        model = Society
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "discipline",
            "credit_code",
            "status",
            "business_scope",
            "business_scope_text",
            "founded_on",
            "secretary_general_full_time",
            "website",
            "email",
            "phone",
            "address",
        ]
        read_only_fields = ["status", "secretary_general_full_time"]


class SocietyRegistrationSerializer(serializers.Serializer):
    """What `POST societies/` accepts. Shapes only; the rules (unique code, name and credit code, the
    GB 32100 checksum, known GB/T 13745 codes) are societies.services.register_society's, so the web form
    and the API refuse the same things with the same messages."""

    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=100)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    discipline = serializers.ChoiceField(choices=Discipline.choices)
    credit_code = serializers.CharField(max_length=18)
    founded_on = serializers.DateField(required=False, allow_null=True, default=None)
    business_scope = serializers.ListField(child=serializers.CharField(max_length=7), max_length=200)
    business_scope_text = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="", write_only=True)


class SocietyProfileSerializer(serializers.ModelSerializer):
    """What `PATCH /societies/<id>/` accepts: profile fields only. The credit code is checked against
    GB 32100-2015 by the model field's validator (400 `{"credit_code": [...]}`); status is action-only."""

    business_scope = serializers.ListField(child=serializers.CharField(max_length=7), required=False)
    comment = serializers.CharField(required=False, allow_blank=True, write_only=True)

    class Meta:
        model = Society
        fields = [
            "name",
            "name_en",
            "discipline",
            "credit_code",
            "founded_on",
            "business_scope",
            "business_scope_text",
            "website",
            "email",
            "phone",
            "address",
            "comment",
        ]

    def validate_credit_code(self, value):
        return value.strip().upper()

    def validate_business_scope(self, value):
        bad = unknown(value)
        if bad:
            raise serializers.ValidationError(f"Not GB/T 13745 codes: {', '.join(bad)}")
        return parse_codes(value)


class SocietyTermSerializer(serializers.ModelSerializer):
    filled = serializers.IntegerField(read_only=True)
    # Plain string (`current` / `closed`): an enum here would collide with other `status` enums in the schema.
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Term
        fields = ["id", "number", "starts_on", "ends_on", "seats", "filled", "status"]


class GovernanceBodySerializer(serializers.ModelSerializer):
    terms = SocietyTermSerializer(many=True, read_only=True)

    class Meta:
        model = GovernanceBody
        fields = ["id", "kind", "name", "terms"]


class SocietyOfficerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)
    # Plain string (president, vice_president, secretary_general, chief_supervisor, supervisor): an enum
    # would collide with the branch officers' `position` enum in the schema.
    position = serializers.CharField(read_only=True)

    class Meta:
        model = Officer
        fields = ["id", "position", "name", "full_time", "starts_on", "ends_on"]


class CharterVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CharterVersion
        fields = [
            "id",
            "version",
            "adopted_on",
            "has_party_leadership_clause",
            "business_scope",
            "business_scope_text",
            "recorded_at",
        ]
