"""Wire shapes of `award-programs/`, `award-rounds/`, `nominations/`, `reviews/` and `public/awards/`.

Read serializers show rows the caller may see (core.access); write serializers only check shapes (types,
lengths, NUL bytes): the rules themselves (R-AW-01..05, R-ETH-02) are awards.services'."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import ScopedPrimaryKeyRelatedField
from members.models import Person
from societies.models import Society

from ..choices import AwardCategory, NominatorKind
from ..models import AwardProgram, AwardRound, Nomination, NominationMaterial, Review
from ..services.programs import PROGRAM_FIELDS

BIG_ID = 2**63 - 1  # an id beyond any primary key names no row (and never reaches the database as one)


class AwardProgramSerializer(serializers.ModelSerializer):
    society_name = serializers.CharField(source="society.name", read_only=True)
    last_round = serializers.SerializerMethodField()

    class Meta:
        model = AwardProgram
        fields = [
            "id",
            "society",
            "society_name",
            *PROGRAM_FIELDS,
            "status",
            "created_at",
            "submitted_at",
            "listed_at",
            "last_round",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "year": {"type": "integer"}},
        }
    )
    def get_last_round(self, program):
        """The program's latest round of any status (annotated by the viewset's queryset)."""
        pk = getattr(program, "last_round_id", None)
        return {"id": pk, "year": program.last_round_year} if pk else None


class ProgramWriteSerializer(serializers.Serializer):
    """`POST award-programs/` and `PATCH award-programs/<id>/` (a draft). The fee is read as any decimal so
    that the service answers every positive or negative amount with R-AW-03."""

    society = serializers.PrimaryKeyRelatedField(queryset=Society.objects.all())
    name = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=AwardCategory.choices)
    cycle_years = serializers.IntegerField(required=False, max_value=32767)  # a smallint column
    quota = serializers.IntegerField()
    winner_ratio_cap = serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, help_text="A fraction in (0, 1]: 0.3 is 30%."
    )
    entry_fee = serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, help_text="Must be 0 (R-AW-03)."
    )
    member_nominations = serializers.BooleanField(required=False)
    approval_ref = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(max_length=20000, required=False, allow_blank=True)


class ProgramUpdateSerializer(ProgramWriteSerializer):
    society = None  # a program never moves to another society

    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)


class AwardRoundSerializer(serializers.ModelSerializer):
    program_name = serializers.CharField(source="program.name", read_only=True)
    society = serializers.IntegerField(source="program.society_id", read_only=True)
    nominations_count = serializers.IntegerField(read_only=True, help_text="Nominations not withdrawn.")
    winners_count = serializers.IntegerField(read_only=True)
    major_matter = serializers.IntegerField(
        source="major_matter_id",
        read_only=True,
        allow_null=True,
        help_text="The award-selection major matter (Party pre-review, R-PB-02), once results are proposed.",
    )
    major_matter_status = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = AwardRound
        fields = [
            "id",
            "program",
            "program_name",
            "society",
            "year",
            "status",
            "nominations_open_on",
            "nominations_close_on",
            "nominations_count",
            "winners_count",
            "major_matter",
            "major_matter_status",
            "created_at",
            "proposed_at",
            "published_at",
        ]
        read_only_fields = fields


class RoundCreateSerializer(serializers.Serializer):
    program = ScopedPrimaryKeyRelatedField(queryset=AwardProgram.objects.none())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    nominations_open_on = serializers.DateField()
    nominations_close_on = serializers.DateField()

    def __init__(self, *args, programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programs is not None:
            self.fields["program"].queryset = programs


class ProposeResultsSerializer(serializers.Serializer):
    winners = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=BIG_ID), max_length=10000, allow_empty=True
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class RankedNominationSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(source="pk")
    nominee = serializers.IntegerField(source="nominee_id")
    nominee_name = serializers.CharField(source="nominee.name")
    employer = serializers.CharField(source="nominee.employer")
    status = serializers.CharField()
    proposed_winner = serializers.BooleanField()
    mean_score = serializers.FloatField(allow_null=True)
    scored_reviews = serializers.IntegerField(source="scored")
    conflicts = serializers.IntegerField()
    assigned = serializers.IntegerField()


class RankingSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    valid = serializers.IntegerField(help_text="Valid (submitted) nominations.")
    limit = serializers.IntegerField(help_text="Most winners allowed: the quota and cap × valid (R-AW-02).")
    cap = serializers.DecimalField(max_digits=4, decimal_places=3)
    min_reviews = serializers.IntegerField(help_text="Scored reviews a winner needs (R-AW-04).")
    nominations = RankedNominationSerializer(many=True)


class FlagSerializer(serializers.Serializer):
    kind = serializers.CharField()
    nomination = serializers.IntegerField()
    program = serializers.CharField()
    society = serializers.CharField()
    year = serializers.IntegerField()


class NominationSerializer(serializers.ModelSerializer):
    nominee_name = serializers.CharField(source="nominee.name", read_only=True)
    nominee_employer = serializers.CharField(source="nominee.employer", read_only=True)
    nominator_name = serializers.CharField(
        source="nominator.name", read_only=True, default=None, allow_null=True
    )
    reviews_count = serializers.IntegerField(read_only=True)
    scored_reviews_count = serializers.IntegerField(read_only=True)
    flags = serializers.SerializerMethodField()

    class Meta:
        model = Nomination
        fields = [
            "id",
            "round",
            "nominee",
            "nominee_name",
            "nominee_employer",
            "nominator",
            "nominator_name",
            "nominator_kind",
            "nominating_unit",
            "statement",
            "coauthors",
            "status",
            "proposed_winner",
            "reviews_count",
            "scored_reviews_count",
            "flags",
            "submitted_at",
        ]
        read_only_fields = fields

    @extend_schema_field(FlagSerializer(many=True))
    def get_flags(self, nomination) -> list:
        """Worked out for the whole page at once by the viewset (`flags` in the context): the same nominee
        in another program this year, shown to the society's secretariat and CAST only."""
        return self.context.get("flags", {}).get(nomination.pk, [])


class NominationCreateSerializer(serializers.Serializer):
    round = ScopedPrimaryKeyRelatedField(queryset=AwardRound.objects.none())
    nominee = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    nominator_kind = serializers.ChoiceField(choices=NominatorKind.choices)
    nominating_unit = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    statement = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    coauthors = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), many=True, required=False, default=list
    )

    def __init__(self, *args, rounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if rounds is not None:
            self.fields["round"].queryset = rounds

    def validate_coauthors(self, value):
        if len(value) > 100:
            raise serializers.ValidationError("At most 100 co-authors.")
        return value


class AssignReviewersSerializer(serializers.Serializer):
    reviewers = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), many=True
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None)

    def validate_reviewers(self, value):
        if len(value) > 100:
            raise serializers.ValidationError("At most 100 reviewers at once.")
        return value


class MaterialSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)

    class Meta:
        model = NominationMaterial
        fields = ["id", "nomination", "original_name", "content_type", "uploaded_by", "uploaded_at"]
        read_only_fields = fields


class MaterialUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, image or Office document, checked by content.")


class ReviewSerializer(serializers.ModelSerializer):
    reviewer_name = serializers.CharField(source="reviewer.name", read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "nomination",
            "reviewer",
            "reviewer_name",
            "score",
            "conflict_declared",
            "comment",
            "submitted_at",
        ]
        read_only_fields = fields


class ReviewCreateSerializer(serializers.Serializer):
    """An assigned reviewer's score (0–100), or a declared conflict (then no score is kept, R-AW-04)."""

    nomination = serializers.PrimaryKeyRelatedField(queryset=Nomination.objects.all())
    score = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True, default=None
    )
    conflict_declared = serializers.BooleanField(required=False, default=False)
    comment = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


# --- public dynamic list (R-AW-06) ------------------------------------------------------------------


class PublicSocietySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PublicLastRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    winners_count = serializers.IntegerField()
    results = serializers.URLField(help_text="The program's public page with its published results.")


class PublicProgramSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    society = PublicSocietySerializer()
    discipline = serializers.CharField(source="society.discipline")
    category = serializers.CharField()
    cycle_years = serializers.IntegerField()
    last_round = serializers.SerializerMethodField()

    @extend_schema_field(PublicLastRoundSerializer(allow_null=True))
    def get_last_round(self, program):
        if not getattr(program, "last_round_id", None):
            return None
        url = reverse("public-award-detail", kwargs={"pk": program.pk})
        request = self.context.get("request")
        return {
            "id": program.last_round_id,
            "year": program.last_round_year,
            "winners_count": program.last_round_winners or 0,
            "results": request.build_absolute_uri(url) if request is not None else url,
        }


class PublicWinnerSerializer(serializers.Serializer):
    """A published winner: name and employer, nothing personal."""

    name = serializers.CharField(source="nominee.name")
    employer = serializers.CharField(source="nominee.employer")


class PublicRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    winners = PublicWinnerSerializer(many=True, source="published_winners")


class PublicProgramDetailSerializer(PublicProgramSerializer):
    description = serializers.CharField()
    approval_ref = serializers.CharField()
    rounds = PublicRoundSerializer(many=True, source="published_rounds")


class PublicFilterSerializer(serializers.Serializer):
    """The dynamic list's filters; a malformed one is a 400, never a 500."""

    q = serializers.CharField(max_length=100, required=False, allow_blank=True)
    society = serializers.IntegerField(min_value=1, max_value=BIG_ID, required=False)
    category = serializers.ChoiceField(choices=AwardCategory.choices, required=False, allow_blank=True)
    discipline = serializers.ChoiceField(
        choices=Society._meta.get_field("discipline").choices, required=False, allow_blank=True
    )
