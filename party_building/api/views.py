"""`major-matters/`, `donations/`, `expenditures/`, `party-organizations/`, `elections/` (shared/API.md).

Every queryset passes through core.access; every write calls a service in party_building.services."""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.access import CHANGE, REVIEW
from core.api.permissions import refuse_unless_secretariat
from core.api.viewsets import ScopedViewSetMixin, ServiceAction, WorkflowViewSetMixin

from ..models import Donation, Election, Expenditure, MajorMatter, PartyOrganization
from ..services import elections as election_services
from ..services import finance, matters, organizations
from .serializers import (
    CandidateSerializer,
    DonationSerializer,
    ElectionSerializer,
    ExpenditureSerializer,
    MajorMatterSerializer,
    PartyOrganizationSerializer,
    RecordVotesSerializer,
    ResubmitSerializer,
)


class _SecretariatCreates:
    """Creating is a secretariat's (or CAST's) write: a caller who manages no society is refused before
    the body is read (the services `require` CHANGE on the named society as well)."""

    def create(self, request, *args, **kwargs):
        refuse_unless_secretariat(request.user)
        return super().create(request, *args, **kwargs)


class _CreateListRetrieve(
    _SecretariatCreates,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    pass


class MajorMatterViewSet(WorkflowViewSetMixin, _CreateListRetrieve):
    """Major matters under Party pre-review. Secretaries raise (POST) and `resubmit`; the society's Party
    reviewers `approve` or `return` with an opinion (`comment`). CAST sees all."""

    base_queryset = MajorMatter.objects.select_related("content_type", "created_by").prefetch_related(
        "opinions__reviewer"
    )
    serializer_class = MajorMatterSerializer
    filterset_fields = ["society", "kind", "status", "is_foreign"]
    search_fields = ["title", "description"]
    ordering_fields = ["submitted_at", "created_at", "amount", "decided_at"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = matters.create_matter(
            actor=self.request.user,
            society=data["society"],
            kind=data["kind"],
            title=data["title"],
            amount=data.get("amount"),
            is_foreign=data.get("is_foreign", False),
            description=data.get("description", ""),
        )

    # A Party reviewer's opinion is the body's `comment`.
    approve = ServiceAction(
        matters.approve_matter, obj="matter", access=REVIEW, rename={"comment": "opinion"}
    )
    return_ = ServiceAction(
        matters.return_matter,
        obj="matter",
        access=REVIEW,
        rename={"comment": "opinion"},
        url_path="return",
        url_name="return",
    )
    resubmit = ServiceAction(matters.resubmit_matter, obj="matter", access=CHANGE, body=ResubmitSerializer)


class DonationViewSet(WorkflowViewSetMixin, _CreateListRetrieve):
    """Donations received; a large or foreign one is gated by its major matter (R-PB-02)."""

    base_queryset = Donation.objects.all()
    serializer_class = DonationSerializer
    filterset_fields = ["society", "status", "is_foreign"]
    search_fields = ["donor", "purpose"]
    ordering_fields = ["received_on", "amount"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = finance.record_donation(actor=self.request.user, **data)

    confirm = ServiceAction(finance.confirm_donation, obj="donation", access=CHANGE)


class ExpenditureViewSet(WorkflowViewSetMixin, _CreateListRetrieve):
    """Expenditures; one at or above the threshold is gated by its major matter (R-PB-02)."""

    base_queryset = Expenditure.objects.all()
    serializer_class = ExpenditureSerializer
    filterset_fields = ["society", "status"]
    search_fields = ["purpose"]
    ordering_fields = ["spent_on", "amount"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = finance.record_expenditure(actor=self.request.user, **data)

    confirm = ServiceAction(finance.confirm_expenditure, obj="expenditure", access=CHANGE)


class PartyOrganizationViewSet(ScopedViewSetMixin, _SecretariatCreates, viewsets.ModelViewSet):
    """Party organizations at three levels (R-PB-04); the society's secretaries write them."""

    base_queryset = PartyOrganization.objects.select_related("branch")
    serializer_class = PartyOrganizationSerializer
    filterset_fields = ["society", "level", "branch"]
    ordering_fields = ["level", "established_on"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = organizations.create_organization(actor=self.request.user, **data)

    def update(self, request, *args, **kwargs):
        org = self.get_object_for(CHANGE)
        serializer = self.get_serializer(org, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("society", None)  # an organization never moves to another society
        org = organizations.update_organization(actor=request.user, organization=org, **data)
        return Response(PartyOrganizationSerializer(org).data)

    def destroy(self, request, *args, **kwargs):
        org = self.get_object_for(CHANGE)
        organizations.delete_organization(actor=request.user, organization=org)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ElectionViewSet(WorkflowViewSetMixin, _CreateListRetrieve):
    """Elections 换届: slate → `submit_slate` (political review) → `record_votes` → `certify`."""

    base_queryset = Election.objects.select_related("body", "new_term").prefetch_related("candidates__person")
    serializer_class = ElectionSerializer
    filterset_fields = ["society", "body", "status"]
    ordering_fields = ["term_start"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        candidates = data.pop("candidates", [])
        with transaction.atomic():
            election = election_services.create_election(actor=self.request.user, **data)
            for row in candidates:
                election_services.add_candidate(actor=self.request.user, election=election, **row)
        serializer.instance = self.base_queryset.get(pk=election.pk)

    add_candidate = ServiceAction(
        election_services.add_candidate, obj="election", access=CHANGE, body=CandidateSerializer
    )
    submit_slate = ServiceAction(election_services.submit_slate, obj="election", access=CHANGE)

    @extend_schema(request=RecordVotesSerializer, responses=ElectionSerializer)
    @action(detail=True, methods=["post"])
    def record_votes(self, request, pk=None):
        election = self.get_object_for(CHANGE)
        body = RecordVotesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        votes = {
            row["candidate"]: (row["votes_for"], row["votes_against"], row["votes_abstain"])
            for row in data["votes"]
        }
        return self.action_response(
            election_services.record_votes(
                actor=request.user,
                election=election,
                voters_eligible=data["voters_eligible"],
                voters_present=data["voters_present"],
                votes=votes,
                comment=data["comment"],
            )
        )

    certify = ServiceAction(election_services.certify, obj="election", access=CHANGE)
