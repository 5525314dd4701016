from rest_framework import serializers
from rest_framework.reverse import reverse

from reports.choices import ReportKind
from reports.models import NARRATIVE_SECTIONS, AnnualReport, Report


class ReportSerializer(serializers.ModelSerializer):
    file = serializers.SerializerMethodField(help_text="Download URL of the PDF once done, else null.")
    xlsx = serializers.SerializerMethodField(help_text="Download URL of the tables (XLSX) once done.")

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "society",
            "year",
            "version",
            "status",
            "progress",
            "file",
            "xlsx",
            "pages",
            "error",
            "created_at",
            "finished_at",
            "inputs_at",
            "annual_report",
        ]
        read_only_fields = fields

    def _url(self, obj, fmt):
        if obj.status != "done":
            return None
        return reverse("reports:report_download", args=[obj.pk, fmt], request=self.context.get("request"))

    def get_file(self, obj) -> str | None:
        return self._url(obj, "pdf")

    def get_xlsx(self, obj) -> str | None:
        return self._url(obj, "xlsx")


class ReportStartSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    society = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1)
    year = serializers.IntegerField(required=False, allow_null=True, min_value=2000, max_value=2100)


class AnnualReportSerializer(serializers.ModelSerializer):
    # CAST's opinion: the API's name for core.models.Decided.comment.
    opinion = serializers.CharField(source="comment", read_only=True)

    class Meta:
        model = AnnualReport
        fields = [
            "id",
            "society",
            "year",
            "status",
            "narrative",
            "report",
            "submitted_at",
            "decided_at",
            "opinion",
        ]
        read_only_fields = ["status", "report", "submitted_at", "decided_at", "opinion"]

    def validate_narrative(self, value):
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise serializers.ValidationError("An object of section name → text.")
        unknown = set(value) - set(NARRATIVE_SECTIONS)
        if unknown:
            raise serializers.ValidationError(
                f"Unknown sections: {sorted(unknown)}; known: {list(NARRATIVE_SECTIONS)}"
            )
        return value


class ReturnReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)
