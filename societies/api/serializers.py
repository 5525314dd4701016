from rest_framework import serializers

from societies.models import Society


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
            "secretary_general_full_time",
        ]
        read_only_fields = ["status"]
