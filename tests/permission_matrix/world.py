"""The objects the permission matrix's URLs name: society A's branch X, a filing, a membership, an
application, a major matter, a finding … built fresh for every test, and only those a row asks for
(each is a cached property, built the first time a row's URL needs it, before any request is made).

Society A is 中国化学会 with branch X; society B is 中国物理学会. The personas are those of
tests/conftest.py: the `member` persona has a profile that is an active member of A; the applicant of
the application to A is someone else, who is also a member of B.
"""

from datetime import date
from decimal import Decimal
from functools import cached_property

from django.core.files.base import ContentFile
from django.utils import timezone

from activities.models import Attachment
from awards.models import NominationMaterial
from branches.models import BranchOfficer
from compliance.models import Evidence, Finding, Sweep
from core.audit import log_action
from members.models import MemberExport, MemberImport, ProfileChangeRequest, TrainingRecord
from party_building.models import (
    Candidate,
    Donation,
    Election,
    Expenditure,
    MajorMatter,
    PartyOrganization,
)
from reports.models import AnnualReport, Report
from societies.models import Officer
from tests.factories import (
    ActivityFactory,
    ApplicationFactory,
    AwardProgramFactory,
    AwardRoundFactory,
    BranchResolutionFactory,
    CreditRecordFactory,
    GovernanceBodyFactory,
    MembershipFactory,
    NominationFactory,
    PersonFactory,
    ReviewAssignmentFactory,
    ReviewFactory,
    SeatFactory,
    TermFactory,
    filing_data,
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class World:
    def __init__(self, *, society_a, society_b, branch_x, users: dict):
        self.society_a = society_a
        self.society_b = society_b
        self.branch_x = branch_x
        self.users = users  # persona name -> User (none for "anonymous")
        self._files = []

    # --- accounts ---------------------------------------------------------------------------------

    @cached_property
    def member_token(self):
        """An API token of the `member` persona (only its owner lists or revokes it)."""
        from accounts.tokens import issue_token

        return issue_token(user=self.users["member"])[0]

    # --- people and memberships -----------------------------------------------------------------

    @cached_property
    def member_person(self):
        """The `member` persona's own profile."""
        return PersonFactory(user=self.users["member"], name="刘会员", email="member1@example.org")

    @cached_property
    def membership(self):
        """The member's active membership of A."""
        return MembershipFactory(society=self.society_a, person=self.member_person)

    @cached_property
    def applicant(self):
        """Someone applying to A who is already a member of B (never shown to A's secretariat)."""
        person = PersonFactory(name="王申请")
        MembershipFactory(society=self.society_b, person=person)
        return person

    @cached_property
    def application(self):
        return ApplicationFactory(society=self.society_a, person=self.applicant, applicant=None)

    @cached_property
    def own_application(self):
        """The member's own application to B, still waiting: only they may withdraw it."""
        return ApplicationFactory(society=self.society_b, person=self.member_person)

    @cached_property
    def change_request(self):
        """The member's identity change, for A's secretariat to confirm (R-MEM-03)."""
        assert self.membership  # the person concerns A while a live member of it
        return ProfileChangeRequest.objects.create(
            person=self.member_person,
            requested_by=self.users["member"],
            changes={"name": ["刘会员", "刘新名"]},
        )

    @cached_property
    def credit_record(self):
        return CreditRecordFactory(
            person=self.member_person,
            kind="commendation",
            summary="优秀科技工作者",
            recorded_by=self.users["cast_admin"],
        )

    @cached_property
    def training_record(self):
        return TrainingRecord.objects.create(
            person=self.member_person,
            society=self.society_a,
            kind="staff",
            course="学会工作人员培训",
            attended_on=date(2025, 3, 1),
            hours=8,
            recorded_by=self.users["cast_admin"],
        )

    # --- governance -----------------------------------------------------------------------------

    @cached_property
    def council(self):
        return GovernanceBodyFactory(society=self.society_a, kind="council")

    @cached_property
    def term(self):
        """The council's current term."""
        return TermFactory(body=self.council, seats=5)

    @cached_property
    def seat(self):
        return SeatFactory(term=self.term, person=PersonFactory(name="理事甲"))

    @cached_property
    def officer(self):
        return Officer.objects.create(
            society=self.society_a,
            person=PersonFactory(name="理事长甲"),
            position="president",
            starts_on=date(2022, 1, 1),
        )

    # --- branches and filings -------------------------------------------------------------------

    @cached_property
    def branch_officer_record(self):
        return BranchOfficer.objects.create(branch=self.branch_x, name="陈主任", position="director")

    @cached_property
    def resolution(self):
        resolution = BranchResolutionFactory.build(branch=self.branch_x, document_name="决议.pdf")
        resolution.document.save("resolution.pdf", ContentFile(PDF), save=False)
        self._files.append(resolution.document)
        resolution.save()
        return resolution

    @cached_property
    def filing(self):
        """A filing of A for branch X, submitted: CAST's decisions apply; the filers' edits are refused
        by state (a validation answer, not a permission one)."""
        return ActivityFactory(
            branch=self.branch_x,
            status="submitted",
            submitted_at=timezone.now(),
            created_by=self.users["secretary_a"],
            **filing_data(),
        )

    @cached_property
    def attachment(self):
        attachment = Attachment(
            activity=self.filing,
            original_name="议程.pdf",
            content_type="application/pdf",
            size=len(PDF),
            uploaded_by=self.users["secretary_a"],
        )
        attachment.file.save("agenda.pdf", ContentFile(PDF), save=False)
        self._files.append(attachment.file)
        attachment.save()
        return attachment

    # --- Party building and compliance ----------------------------------------------------------

    @cached_property
    def matter(self):
        return MajorMatter.objects.create(
            society=self.society_a,
            kind="plan",
            title="2026年度工作计划",
            created_by=self.users["secretary_a"],
        )

    @cached_property
    def donation(self):
        return Donation.objects.create(
            society=self.society_a,
            amount=Decimal("1000.00"),
            purpose="青年人才托举",
            donor="某科技公司",
            received_on=date(2026, 1, 5),
        )

    @cached_property
    def expenditure(self):
        return Expenditure.objects.create(
            society=self.society_a, amount=Decimal("1000.00"), purpose="会议场地", spent_on=date(2026, 1, 6)
        )

    @cached_property
    def party_organization(self):
        return PartyOrganization.objects.create(
            society=self.society_a, level="office", secretary_name="党支部书记"
        )

    @cached_property
    def election(self):
        assert self.term  # the council has a current term
        return Election.objects.create(
            society=self.society_a,
            body=self.council,
            term_start=date(2027, 1, 1),
            term_end=date(2032, 1, 1),
            seats=5,
            created_by=self.users["secretary_a"],
        )

    @cached_property
    def candidate(self):
        return Candidate.objects.create(election=self.election, person=PersonFactory(name="候选人甲"))

    @cached_property
    def finding(self):
        return Finding.objects.create(
            rule="R-GOV-04", severity="warning", society=self.society_a, message="秘书长非专职"
        )

    @cached_property
    def evidence(self):
        evidence = Evidence(
            finding=self.finding,
            original_name="整改材料.pdf",
            content_type="application/pdf",
            size=len(PDF),
            uploaded_by=self.users["secretary_a"],
        )
        evidence.file.save("evidence.pdf", ContentFile(PDF), save=False)
        self._files.append(evidence.file)
        evidence.save()
        return evidence

    @cached_property
    def sweep(self):
        """A finished sweep of society A (resuming it is refused with a message, not run)."""
        return Sweep.objects.create(society=self.society_a, status="done", progress=100)

    @cached_property
    def report(self):
        """A finished branch roster of society A with its files."""
        report = Report(kind="branch_roster", society=self.society_a, status="done", progress=100, version=1)
        report.file.save("roster.pdf", ContentFile(PDF), save=False)
        report.xlsx.save("roster.xlsx", ContentFile(b"PK\x03\x04"), save=False)
        self._files += [report.file, report.xlsx]
        report.save()
        return report

    @cached_property
    def member_export(self):
        """A finished XLSX export of society A's member directory (issue 15)."""
        export = MemberExport(society=self.society_a, status="done", progress=100, rows=0)
        export.save()
        export.file.save("members.xlsx", ContentFile(b"PK\x03\x04"), save=False)
        self._files.append(export.file)
        export.save()
        return export

    @cached_property
    def member_import(self):
        """A refused long import of society A's member list (issue 15): its page lists the row problems."""
        return MemberImport.objects.create(
            society=self.society_a,
            filename="members.csv",
            status="done",
            progress=100,
            rows=1,
            row_errors=[{"row": 2, "column": "id_number", "message": "x"}],
        )

    @cached_property
    def annual_report(self):
        """Society A's annual report for last year, submitted (CAST may accept or return it)."""
        return AnnualReport.objects.create(
            society=self.society_a,
            year=2025,
            status="submitted",
            created_by=self.users["secretary_a"],
            narrative={"overview": "年度概述"},
        )

    # --- awards -----------------------------------------------------------------------------------

    @cached_property
    def award_program(self):
        """A program of A on the dynamic list (listed), with its approval document; members may not
        nominate (the secretariat nominates on behalf of a unit)."""
        program = AwardProgramFactory.build(society=self.society_a, created_by=self.users["secretary_a"])
        program.approval_document.save("approval.pdf", ContentFile(PDF), save=False)
        self._files.append(program.approval_document)
        program.save()
        return program

    @cached_property
    def award_round(self):
        """This year's round of the program, open for nominations."""
        return AwardRoundFactory(program=self.award_program)

    @cached_property
    def nominee(self):
        """An active member of A (not the `member` persona), nominated by the secretariat."""
        person = PersonFactory(name="赵候选")
        MembershipFactory(society=self.society_a, person=person)
        return person

    @cached_property
    def nomination(self):
        return NominationFactory(
            round=self.award_round, nominee=self.nominee, submitted_by=self.users["secretary_a"]
        )

    @cached_property
    def nomination_material(self):
        material = NominationMaterial(
            nomination=self.nomination,
            original_name="推荐书.pdf",
            content_type="application/pdf",
            uploaded_by=self.users["secretary_a"],
        )
        material.file.save("nomination.pdf", ContentFile(PDF), save=False)
        self._files.append(material.file)
        material.save()
        return material

    @cached_property
    def review(self):
        """A scored review of the nomination by an award reviewer who is none of the personas."""
        assignment = ReviewAssignmentFactory(
            nomination=self.nomination, assigned_by=self.users["secretary_a"]
        )
        return ReviewFactory(nomination=self.nomination, reviewer=assignment.reviewer)

    @cached_property
    def audit_entry(self):
        """An entry of the audit trail about society A's branch."""
        return log_action("branches.branch.changed", actor=self.users["secretary_a"], obj=self.branch_x)

    def delete_files(self):
        for field_file in self._files:
            field_file.storage.delete(field_file.name)
