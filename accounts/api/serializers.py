from django.contrib.auth import get_user_model
from rest_framework import serializers

from accounts.services import role_rows
from core.roles import Role, role_model
from core.validators import validate_username

User = get_user_model()


class RoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    society = serializers.PrimaryKeyRelatedField(
        queryset=role_model(Role.SECRETARY).objects.all(), allow_null=True, required=False
    )
    branch = serializers.PrimaryKeyRelatedField(
        queryset=role_model(Role.BRANCH_OFFICER).objects.all(), allow_null=True, required=False
    )


class UserSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "email", "name", "is_active", "roles"]
        read_only_fields = ["is_active"]

    def get_roles(self, user) -> list[dict]:
        return role_rows(user)


class UserCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, validators=[validate_username])
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    password = serializers.CharField(
        write_only=True,
        allow_blank=True,
        style={"input_type": "password"},
        help_text="The initial password; empty lets the user set one through password reset.",
    )
    roles = RoleSerializer(many=True, required=False, default=list)
