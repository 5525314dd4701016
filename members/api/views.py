"""`people/`, `memberships/`, `membership-applications/`, `credit-records/`, `training-records/`.

Every queryset passes through core.access.restrict (ScopedViewSetMixin); every write calls
members.services, so the API and the web pages enforce the same rules.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.access import VIEW, restrict
from core.api.permissions import refuse_unless_secretariat
from core.api.viewsets import ActionCommentSerializer, ScopedViewSetMixin, WorkflowViewSetMixin
from members import services
from members.models import CreditRecord, Membership, MembershipApplication, Person, TrainingRecord
from members.permissions import can_write_credit_records
from members.sanctions import active_sanction

from .serializers import (
    ApplicationCreateSerializer,
    CreditRecordSerializer,
    DecisionSerializer,
    MembershipApplicationSerializer,
    MembershipCreateSerializer,
    MembershipSerializer,
    PersonCreateSerializer,
    PersonSerializer,
    SanctionStatusSerializer,
    TrainingRecordSerializer,
)


class PersonViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    base_queryset = Person.objects.order_by("name", "id")
    serializer_class = PersonSerializer
    filterset_fields = ["region", "sector", "gender"]
    search_fields = ["name", "employer"]
    ordering_fields = ["name", "id", "birth_date"]

    @extend_schema(request=PersonCreateSerializer, responses={201: PersonSerializer})
    def create(self, request):
        """CAST, or a secretary for their society, registers a person (ID checksum per type)."""
        refuse_unless_secretariat(request.user)
        data = PersonCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = services.create_person(actor=request.user, **data.validated_data)
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("on", str, description="ISO date; today when omitted")],
        responses=SanctionStatusSerializer,
    )
    @action(detail=True, methods=["get"])
    def sanction(self, request, pk=None):
        """Is this person under an active academic sanction on date `on`? (R-ETH-02)"""
        person = self.get_object_for(VIEW)
        raw = request.query_params.get("on")
        try:
            day = date.fromisoformat(raw) if raw else services._today()
        except ValueError:
            raise ValidationError({"on": ["Use an ISO date, e.g. 2026-05-31."]}) from None
        record = active_sanction(person, day)
        return Response(
            {
                "person": person.pk,
                "on": day,
                "under_sanction": record is not None,
                "record": getattr(record, "pk", None),
            }
        )


class MembershipViewSet(WorkflowViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    base_queryset = Membership.objects.select_related("person", "society").order_by(
        "society_id", "number", "id"
    )
    serializer_class = MembershipSerializer
    filterset_fields = ["society", "status", "tier", "category", "person"]
    search_fields = ["person__name", "number"]
    ordering_fields = ["number", "joined_on", "valid_until", "id"]

    @extend_schema(request=MembershipCreateSerializer, responses={201: MembershipSerializer})
    def create(self, request):
        """The society's secretariat or CAST records an active membership (R-MEM-01 holds)."""
        refuse_unless_secretariat(request.user)
        people = restrict(Person.objects.all(), request.user, VIEW)
        data = MembershipCreateSerializer(data=request.data, people=people)
        data.is_valid(raise_exception=True)
        membership = services.record_membership(actor=request.user, **data.validated_data)
        membership = self.base_queryset.get(pk=membership.pk)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    def _step(self, request, name):
        membership = self.get_object_for(VIEW)
        data = ActionCommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.change_membership_status(
            actor=request.user, membership=membership, action=name, comment=data.validated_data["comment"]
        )
        return Response(MembershipSerializer(membership).data)

    @extend_schema(request=ActionCommentSerializer, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def lapse(self, request, pk=None):
        return self._step(request, "lapse")

    @extend_schema(request=ActionCommentSerializer, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        return self._step(request, "renew")

    @extend_schema(request=ActionCommentSerializer, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._step(request, "withdraw")

    @extend_schema(request=ActionCommentSerializer, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def expel(self, request, pk=None):
        return self._step(request, "expel")


class MembershipApplicationViewSet(
    WorkflowViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    base_queryset = MembershipApplication.objects.select_related("person", "society", "membership").order_by(
        "-submitted_at", "-id"
    )
    serializer_class = MembershipApplicationSerializer
    filterset_fields = ["society", "status", "tier", "needs_explicit_approval"]
    search_fields = ["person__name"]
    ordering_fields = ["submitted_at", "decided_at", "id"]

    @extend_schema(request=ApplicationCreateSerializer, responses={201: MembershipApplicationSerializer})
    def create(self, request):
        data = ApplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = Person.objects.filter(user=request.user).first()
        if person is None:
            raise ValidationError({"person": ["Create your member profile before applying."]})
        application = services.apply_for_membership(actor=request.user, person=person, **data.validated_data)
        return Response(MembershipApplicationSerializer(application).data, status=status.HTTP_201_CREATED)

    def _decide(self, request, fn):
        application = self.get_object_for(VIEW)
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = fn(actor=request.user, application=application, **data.validated_data)
        application = self.base_queryset.get(pk=application.pk)
        return Response(MembershipApplicationSerializer(application).data)

    @extend_schema(request=DecisionSerializer, responses=MembershipApplicationSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, services.approve_application)

    @extend_schema(request=DecisionSerializer, responses=MembershipApplicationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, services.reject_application)

    @extend_schema(request=ActionCommentSerializer, responses=MembershipApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The applicant takes back their application still waiting for a decision (nobody else may)."""
        application = self.get_object_for(VIEW)
        data = ActionCommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.withdraw_application(
            actor=request.user, application=application, comment=data.validated_data.get("comment", "")
        )
        return Response(MembershipApplicationSerializer(self.base_queryset.get(pk=application.pk)).data)


class _CastWrittenViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    def create(self, request):
        if not can_write_credit_records(request.user):
            raise PermissionDenied("Only CAST administrators write these records (R-ETH-01).")
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = self.write(request, dict(data.validated_data))
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)


class CreditRecordViewSet(_CastWrittenViewSet):
    """Academic credit records: CAST writes (R-ETH-01); a person reads their own."""

    base_queryset = CreditRecord.objects.select_related("person", "recorded_by").order_by("-starts_on", "-id")
    serializer_class = CreditRecordSerializer
    filterset_fields = ["person", "kind"]
    search_fields = ["person__name", "source_document"]
    ordering_fields = ["starts_on", "recorded_at", "id"]

    def write(self, request, data):
        return services.record_credit(actor=request.user, **data)


class TrainingRecordViewSet(_CastWrittenViewSet):
    """Training attendance (R-TR-01): CAST writes; the society's secretariat and the person read."""

    base_queryset = TrainingRecord.objects.select_related("person", "recorded_by").order_by(
        "-attended_on", "-id"
    )
    serializer_class = TrainingRecordSerializer
    filterset_fields = ["person", "society", "kind"]
    search_fields = ["person__name", "course"]
    ordering_fields = ["attended_on", "id"]

    def write(self, request, data):
        return services.record_training(actor=request.user, **data)
