"""The permission matrix: every URL pattern and every API route × persona, with the expected outcome of
a GET and of each write (an empty POST on a web page; each of POST/PUT/PATCH/DELETE an API route offers).

Outcomes (see test_matrix.outcome_of):
- OK    allowed: 2xx/3xx, or a 400/409/422 validation answer to the empty body;
- DENY  refused: 403 or 404 ("an object the user may not see does not exist for them");
- LOGIN anonymous: a redirect to the login page on the web, 401 on the API;
- NONE  405, the method is not offered.

The expectations are the policy of DOMAIN.md "Who uses it (roles)", not what the code happens to do:
- a secretary's, Party reviewer's or branch officer's rights hold only for their own society or branch;
  anything across that line is refused (403/404), never an empty answer about the other society;
- the regulator reads (registration, findings, clean-up lists) and never writes — nor reaches a write
  screen: the GET of a form or confirmation page follows the same rule as its POST;
- CAST decides (DECIDE) and runs the portal (ADMIN), but does not file a society's activities or propose
  its branches (activities.services._can_file, branches.services._require_secretary/_require_runner) and
  does not pre-review (REVIEW is the council Party committee's, R-PB-02);
- personal data (people, memberships, applications, credit and training records) is read by the person,
  their societies' secretariats and CAST only — not by Party reviewers, branch officers or the regulator.
A read page answers a POST as it answers a GET (nothing is written), so its write column repeats the GET.
An API list is the caller's scoped collection (core.access.restrict): every signed-in persona gets 200
with the rows they may see, perhaps none — the list names no society, so it crosses no line.

The fixture objects a row names (`kwargs`) are those of society A in world.py.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

OK, DENY, LOGIN, NONE = "ok", "deny", "login", "none"

ANON = "anonymous"
MEMBER = "member"
OFFICER_X = "branch_officer_x"
SEC_A = "secretary_a"
REVIEWER_A = "reviewer_a"
SEC_B = "secretary_b"
REGULATOR = "regulator"
CAST = "cast_admin"
PERSONAS = (ANON, MEMBER, OFFICER_X, SEC_A, REVIEWER_A, SEC_B, REGULATOR, CAST)

Expect = Mapping[str, str]  # persona -> outcome


def only(*allowed: str) -> Expect:
    """`allowed` succeed; every other signed-in persona is refused; anonymous is sent to log in."""
    return {p: LOGIN if p == ANON else OK if p in allowed else DENY for p in PERSONAS}


def everyone(outcome: str) -> Expect:
    return dict.fromkeys(PERSONAS, outcome)


PUBLIC = everyone(OK)
SIGNED_IN = only(MEMBER, OFFICER_X, SEC_A, REVIEWER_A, SEC_B, REGULATOR, CAST)
STAFF = only(OFFICER_X, SEC_A, REVIEWER_A, SEC_B, REGULATOR, CAST)  # every role but member
NOT_OFFERED = {**everyone(NONE), ANON: LOGIN}  # the method is not offered; anonymous is asked to log in first
CAST_ONLY = only(CAST)  # CAST's decisions (DECIDE) and running the portal (ADMIN)
CAST_READS = only(CAST, REGULATOR)  # CAST's lists; the regulator reads them, never writes
SECRETARIAT_A = only(SEC_A, CAST)  # writes on society A's own records (CHANGE)
SECRETARIES = only(SEC_A, SEC_B, CAST)  # a secretariat's page not bound to one society: each their own
SOCIETY_READ_A = only(SEC_A, REVIEWER_A, REGULATOR, CAST)  # reading A's records (not its people)
BRANCH_READ_X = only(OFFICER_X, SEC_A, REVIEWER_A, REGULATOR, CAST)  # reading branch X and its filings
FILERS_X = only(OFFICER_X, SEC_A)  # filing for branch X: its officer and A's secretariat, not CAST
OWN_PERSON = only(MEMBER, SEC_A, CAST)  # the member's own records: the person, A's secretariat, CAST
NOMINATION_READ_A = only(SEC_A, REVIEWER_A, CAST)  # A's nominations: personal data, not the regulator's
SOCIETY_LISTS = only(SEC_A, SEC_B, REVIEWER_A, REGULATOR, CAST)  # cross-society lists of society records


@dataclass(frozen=True)
class Route:
    get: Expect = field(default_factory=dict)
    write: Expect = field(default_factory=dict)
    kwargs: Callable | None = None  # World -> URL kwargs
    # (kwarg, {value: (get, write)}) — or (get, write, kwargs) when the variant names other objects
    vary: tuple[str, Mapping[str, tuple]] | None = None
    api: bool = False

    def cases(self):
        """(label, kwargs function, get, write) — one per variant of the varying kwarg."""
        if self.vary is None:
            yield "", self.kwargs, self.get, self.write
            return
        name, values = self.vary
        for value, (get, write, *own) in values.items():
            base = own[0] if own else self.kwargs

            def kwargs(world, base=base, name=name, value=value):
                return {**(base(world) if base else {}), name: value}

            yield value, kwargs, get, write


def web(get: Expect | None = None, write: Expect | None = None, *, kwargs=None, vary=None) -> Route:
    """A page. `write` defaults to `get`: a form or confirmation page is shown to exactly those who may
    do what it does, and a read page answers a POST like a GET."""
    get = get or {}
    return Route(get=get, write=write if write is not None else get, kwargs=kwargs, vary=vary)


def api(get: Expect, write: Expect = NOT_OFFERED, *, kwargs=None) -> Route:
    return Route(get=get, write=write, kwargs=kwargs, api=True)


def action(write: Expect, *, kwargs) -> Route:
    """An API action (POST only)."""
    return Route(get=NOT_OFFERED, write=write, kwargs=kwargs, api=True)


def same(expect: Expect) -> tuple[Expect, Expect]:
    return expect, expect


# --- URL kwargs from the fixture objects of world.py ---------------------------------------------


def society_a(w):
    return {"pk": w.society_a.pk}


def branch_x(w):
    return {"pk": w.branch_x.pk}


def filing(w):
    return {"pk": w.filing.pk}


def membership(w):
    return {"pk": w.membership.pk}


def application(w):
    return {"pk": w.application.pk}


def matter(w):
    return {"pk": w.matter.pk}


def election(w):
    return {"pk": w.election.pk}


def finding(w):
    return {"pk": w.finding.pk}


def member_user(w):
    return {"pk": w.users[MEMBER].pk}


def member_person(w):
    return {"pk": w.membership.person_id}  # a member of A: A's secretariat reaches the profile


def award_program(w):
    return {"pk": w.award_program.pk}


def award_round(w):
    return {"pk": w.award_round.pk}


def nomination(w):
    return {"pk": w.nomination.pk}


def audit_entry(w):
    return {"pk": w.audit_entry.pk}


def pk_of(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


# --- the table -------------------------------------------------------------------------------------

# No method writes the audit trail: its readers get 405, everyone else is refused before that (403).
AUDIT_WRITE = {**CAST_READS, CAST: NONE, REGULATOR: NONE}
DECIDE_STEP = same(CAST_ONLY)  # CAST decides; the regulator reads the object but never sees the screen

ROUTES: dict[str, Route] = {
    # core
    "dashboard": web(SIGNED_IN),
    "inbox": web(SIGNED_IN),  # each their own waiting items (core.inbox), scoped through core.access
    # a dashboard chart's CSV: CAST, the regulator and the secretariats (each their own societies' numbers)
    "chart_csv": web(
        only(SEC_A, SEC_B, REGULATOR, CAST), kwargs=lambda w: {"key": "filings_by_kind_and_month"}
    ),
    "healthz": web(PUBLIC),
    "favicon": web(PUBLIC),  # the static icon browsers ask for at /favicon.ico
    "rule_settings": web(CAST_ONLY),  # ADMIN: rule thresholds are CAST's
    # the audit trail: CAST and the regulator read it (shared/API.md "regulators read"); a POST reads too
    "audit_log": web(CAST_READS),
    "audit_log_export": web(CAST_READS),
    # accounts
    "login": web(PUBLIC),
    "logout": web(everyone(NONE), PUBLIC),  # POST only (Django 5)
    "password_change": web(SIGNED_IN),
    "password_change_done": web(SIGNED_IN, NOT_OFFERED),  # a template page: GET only
    "password_reset": web(PUBLIC),
    "password_reset_done": web(PUBLIC, everyone(NONE)),
    "password_reset_confirm": web(PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}),
    "password_reset_complete": web(PUBLIC, everyone(NONE)),
    "login_history": web(SIGNED_IN),  # each their own logins; nobody else's
    "email_verification": web(SIGNED_IN),  # each their own address: what is pending, and a new link
    # the link from the mail: anyone holding it (a bad token is a 400 page for everyone)
    "verify_email": web(PUBLIC, kwargs=lambda w: {"token": "not-a-token"}),
    "token_list": web(SIGNED_IN),  # each their own API tokens
    "token_revoke": web(only(MEMBER), kwargs=pk_of("member_token")),  # the owner only; others' is a 404
    # two-factor (accounts/two_factor.py): each signed-in user's own second factor; the matrix's sessions are
    # verified (tests/support/two_factor.py), so setup and verify send those enrolled on (302)
    "two_factor_manage": web(SIGNED_IN),
    "two_factor_setup": web(SIGNED_IN),
    "two_factor_verify": web(SIGNED_IN),
    "user_list": web(CAST_ONLY),  # ADMIN: accounts and roles; the regulator does not read accounts
    "user_create": web(CAST_ONLY),
    "user_detail": web(CAST_ONLY, kwargs=member_user),
    "user_deactivate": web(CAST_ONLY, kwargs=member_user),
    # societies: directory, CAST's workspace, status
    "societies:list": web(PUBLIC),
    "societies:detail": web(PUBLIC, kwargs=society_a),
    "societies:cast": web(CAST_READS),  # regulator reads registration, never writes
    "societies:register": web(CAST_ONLY),
    "societies:change_status": web(
        kwargs=society_a,
        vary=("step", {"suspend": DECIDE_STEP, "reinstate": DECIDE_STEP, "deregister": DECIDE_STEP}),
    ),
    # societies: the secretary workspace of A (governance is read by A's secretariat and reviewers,
    # CAST and the regulator; only A's secretariat and CAST change it)
    "societies:workspace": web(SOCIETY_READ_A, kwargs=society_a),
    "societies:edit_profile": web(SECRETARIAT_A, kwargs=society_a),
    "societies:add_charter": web(SECRETARIAT_A, kwargs=society_a),
    "societies:open_term": web(SECRETARIAT_A, kwargs=society_a),
    "societies:term": web(
        SOCIETY_READ_A, SECRETARIAT_A, kwargs=lambda w: {"pk": w.society_a.pk, "term_pk": w.term.pk}
    ),
    "societies:remove_seat": web(
        SECRETARIAT_A, kwargs=lambda w: {"pk": w.society_a.pk, "seat_pk": w.seat.pk}
    ),
    "societies:appoint_officer": web(SECRETARIAT_A, kwargs=society_a),
    "societies:end_officer": web(
        SECRETARIAT_A, kwargs=lambda w: {"pk": w.society_a.pk, "officer_pk": w.officer.pk}
    ),
    "societies:officer_full_time": web(
        SECRETARIAT_A, kwargs=lambda w: {"pk": w.society_a.pk, "officer_pk": w.officer.pk}
    ),
    # societies: A's member directory — personal data: A's secretariat and CAST only
    "societies:members": web(SECRETARIAT_A, kwargs=society_a),
    "societies:add_member": web(SECRETARIAT_A, kwargs=society_a),
    "societies:members_export": web(
        SECRETARIAT_A,
        kwargs=lambda w: {"pk": w.society_a.pk, "fmt": "csv"},
        # XLSX: the GET confirms, the POST queues the job (issue 15) — both the society's secretariat's
        vary=("fmt", {"csv": (SECRETARIAT_A, SECRETARIAT_A), "xlsx": (SECRETARIAT_A, SECRETARIAT_A)}),
    ),
    "societies:members_export_job": web(
        SECRETARIAT_A, kwargs=lambda w: {"pk": w.society_a.pk, "job": w.member_export.pk}
    ),
    "societies:members_export_progress": web(
        SECRETARIAT_A, kwargs=lambda w: {"pk": w.society_a.pk, "job": w.member_export.pk}
    ),
    "societies:members_export_download": web(
        SECRETARIAT_A, kwargs=lambda w: {"pk": w.society_a.pk, "job": w.member_export.pk}
    ),
    "societies:members_import": web(SECRETARIAT_A, kwargs=society_a),
    "societies:members_import_job": web(
        SECRETARIAT_A, kwargs=lambda w: {"pk": w.society_a.pk, "job": w.member_import.pk}
    ),
    "societies:members_import_progress": web(
        SECRETARIAT_A, kwargs=lambda w: {"pk": w.society_a.pk, "job": w.member_import.pk}
    ),
    "societies:members_template": web(SECRETARIAT_A, kwargs=lambda w: {"pk": w.society_a.pk, "fmt": "csv"}),
    # members: joining, own records
    "members:register": web(PUBLIC),  # a signed-in user is sent on
    "members:privacy_notice": web(PUBLIC),  # the personal-data notice (PIPL) everyone may read
    "members:reconsent": web(SIGNED_IN),  # consent again to a new notice version: one's own consent
    # the tiers applicants may choose: the society's secretariat (and CAST) set them
    "members:joining_policy": web(SECRETARIAT_A, kwargs=society_a),
    # the applicant alone withdraws their waiting application; B's secretariat sees it but may not
    "members:application_withdraw": web(only(MEMBER), kwargs=pk_of("own_application")),
    "members:join": web(PUBLIC, kwargs=lambda w: {"society_id": w.society_a.pk}),  # anyone may apply
    "members:mine": web(SIGNED_IN),
    "members:profile": web(SIGNED_IN),  # everyone keeps their own profile
    "members:membership": web(OWN_PERSON, kwargs=membership),  # the member, A's secretariat, CAST
    "members:person": web(OWN_PERSON, kwargs=member_person),
    "members:membership_step": web(
        kwargs=membership,
        vary=(
            "step",
            {
                "withdraw": same(OWN_PERSON),  # the member withdraws themself
                "lapse": same(SECRETARIAT_A),  # ...everything else is the secretariat's, screen included
                "renew": same(SECRETARIAT_A),
                "expel": same(SECRETARIAT_A),
            },
        ),
    ),
    # members: the secretariat's queues; CAST's credit and training records (R-ETH-01)
    "members:application_queue": web(SECRETARIES),
    "members:application_detail": web(SECRETARIAT_A, kwargs=application),
    "members:application_decide": web(
        kwargs=application, vary=("step", {"approve": same(SECRETARIAT_A), "reject": same(SECRETARIAT_A)})
    ),
    "members:change_request_queue": web(SECRETARIES),
    "members:change_request_decide": web(
        kwargs=pk_of("change_request"),
        vary=("step", {"confirm": same(SECRETARIAT_A), "reject": same(SECRETARIAT_A)}),
    ),
    "members:credit_list": web(CAST_ONLY),  # personal data; the regulator does not read it
    "members:credit_create": web(CAST_ONLY),
    "members:training_list": web(CAST_ONLY),
    "members:training_create": web(CAST_ONLY),
    "members:training_gaps": web(CAST_ONLY),  # officers overdue for training (R-TR-01)
    "members:person_lookup": web(CAST_ONLY),
    "members:person_search": web(SECRETARIES),
    # branches
    "branches:list": web(STAFF),
    "branches:propose": web(only(SEC_A, SEC_B)),  # the society's secretariat proposes; CAST decides
    "branches:check": web(NOT_OFFERED, only(SEC_A, SEC_B)),
    "branches:import": web(only(SEC_A, SEC_B)),
    "branches:review": web(CAST_READS),
    "branches:cleanup": web(CAST_READS),  # clean-up lists: the regulator reads them
    "branches:cleanup_scan": web(CAST_ONLY),
    # a society's roster: those who reach A (its officers see their own branch); never another society
    "branches:roster": web(BRANCH_READ_X, kwargs=lambda w: {"society_pk": w.society_a.pk}),
    "branches:officer_remove": web(only(SEC_A, OFFICER_X), kwargs=pk_of("branch_officer_record")),
    "branches:detail": web(BRANCH_READ_X, kwargs=branch_x),
    "branches:edit": web(only(SEC_A, OFFICER_X, CAST), kwargs=branch_x),  # update_branch: CHANGE
    "branches:assess": web(SECRETARIAT_A, kwargs=branch_x),
    "branches:officer_add": web(NOT_OFFERED, only(SEC_A, OFFICER_X), kwargs=branch_x),
    "branches:resolution_document": web(BRANCH_READ_X, kwargs=lambda w: {"pk": w.resolution.branch_id}),
    "branches:step": web(
        kwargs=branch_x,
        vary=(
            "step",
            {
                "submit": same(only(SEC_A)),  # the society's secretariat submits its proposal
                "approve": DECIDE_STEP,
                "reject": DECIDE_STEP,
                "flag": DECIDE_STEP,
                "rectified": DECIDE_STEP,
                "revoke": DECIDE_STEP,
            },
        ),
    ),
    # activities (filings)
    "activities:list": web(STAFF),  # a member files nothing and has no filings page
    "activities:review": web(CAST_READS),
    "activities:bulk_approve": web(CAST_ONLY),  # GET: the confirmation page; POST approves
    "activities:create": web(only(SEC_A, SEC_B, OFFICER_X)),
    "activities:check": web(NOT_OFFERED, only(SEC_A, SEC_B, OFFICER_X)),
    "activities:detail": web(BRANCH_READ_X, kwargs=filing),
    "activities:edit": web(FILERS_X, kwargs=filing),
    "activities:duplicate": web(NOT_OFFERED, FILERS_X, kwargs=filing),
    "activities:summary": web(FILERS_X, kwargs=filing),
    "activities:attachment_upload": web(NOT_OFFERED, FILERS_X, kwargs=filing),
    "activities:attachment": web(BRANCH_READ_X, kwargs=pk_of("attachment")),
    "activities:step": web(
        kwargs=filing,
        vary=(
            "step",
            {"submit": same(FILERS_X), "approve": DECIDE_STEP, "return": DECIDE_STEP, "reject": DECIDE_STEP},
        ),
    ),
    # Party building: major matters are not the regulator's (party_building.permissions)
    "party_building:index": web(PUBLIC),  # a redirect to the matters list, which asks for login
    "party_building:matters": web(only(SEC_A, SEC_B, REVIEWER_A, CAST)),
    "party_building:matter_create": web(SECRETARIES),
    "party_building:matter": web(only(SEC_A, REVIEWER_A, CAST), kwargs=matter),
    "party_building:matter_step": web(
        kwargs=matter,
        vary=(
            "step",
            {
                "approve": same(only(REVIEWER_A)),  # pre-review: the council Party committee, not CAST
                "return": same(only(REVIEWER_A)),
                "resubmit": same(SECRETARIAT_A),
            },
        ),
    ),
    "party_building:finance": web(SOCIETY_LISTS),
    "party_building:finance_create": web(
        vary=("kind", {"donation": same(SECRETARIES), "expenditure": same(SECRETARIES)})
    ),
    "party_building:finance_detail": web(
        vary=(
            "kind",
            {
                "donation": (*same(SOCIETY_READ_A), pk_of("donation")),
                "expenditure": (*same(SOCIETY_READ_A), pk_of("expenditure")),
            },
        )
    ),
    "party_building:finance_confirm": web(
        vary=(
            "kind",
            {
                "donation": (*same(SECRETARIAT_A), pk_of("donation")),
                "expenditure": (*same(SECRETARIAT_A), pk_of("expenditure")),
            },
        )
    ),
    "party_building:organizations": web(SOCIETY_LISTS),
    "party_building:organization_create": web(SECRETARIES),
    "party_building:organization_edit": web(SECRETARIAT_A, kwargs=pk_of("party_organization")),
    "party_building:elections": web(SOCIETY_LISTS),
    "party_building:election_create": web(SECRETARIES),
    "party_building:election": web(SOCIETY_READ_A, SECRETARIAT_A, kwargs=election),  # POST adds a candidate
    "party_building:election_votes": web(SECRETARIAT_A, kwargs=election),
    "party_building:candidate_remove": web(
        SECRETARIAT_A, kwargs=lambda w: {"pk": w.election.pk, "candidate_pk": w.candidate.pk}
    ),
    "party_building:election_step": web(
        kwargs=election, vary=("step", {"submit_slate": same(SECRETARIAT_A), "certify": same(SECRETARIAT_A)})
    ),
    # compliance: the regulator reads findings; A's secretariat acknowledges; CAST closes
    "compliance:findings": web(SOCIETY_LISTS),
    "compliance:finding": web(SOCIETY_READ_A, kwargs=finding),
    "compliance:finding_step": web(
        kwargs=finding,
        vary=(
            "step",
            {
                "acknowledge": same(SECRETARIAT_A),
                "rectify": same(SECRETARIAT_A),
                "send_back": DECIDE_STEP,
                "resolve": DECIDE_STEP,
                "dismiss": DECIDE_STEP,
            },
        ),
    ),
    "compliance:evidence": web(
        SOCIETY_READ_A, kwargs=lambda w: {"pk": w.finding.pk, "evidence_pk": w.evidence.pk}
    ),
    # compliance board: CAST and the regulator read it
    "compliance:dashboard": web(CAST_READS),
    "compliance:chart_csv": web(CAST_READS, kwargs=lambda w: {"name": "by_rule"}),
    "compliance:control": web(CAST_READS, kwargs=lambda w: {"rule": "R-GOV-04"}),
    # sweeps: CAST sweeps all or one society, a secretariat its own; the regulator reads them
    "compliance:sweeps": web(only(SEC_A, SEC_B, REGULATOR, CAST)),
    "compliance:sweep_start": web(NOT_OFFERED, SECRETARIES),  # a secretary's empty form: 400, own only
    "compliance:sweep": web(only(SEC_A, REGULATOR, CAST), kwargs=lambda w: {"pk": w.sweep.pk}),
    "compliance:sweep_progress": web(only(SEC_A, REGULATOR, CAST), kwargs=lambda w: {"pk": w.sweep.pk}),
    "compliance:sweep_resume": web(NOT_OFFERED, SECRETARIAT_A, kwargs=lambda w: {"pk": w.sweep.pk}),
    # reports: a society's secretariat and Party reviewers read its reports, CAST and the regulator all;
    # CAST and a secretariat generate; the annual report is the secretariat's to write, CAST's to decide
    "reports:reports": web(SOCIETY_LISTS),
    "reports:report_start": web(NOT_OFFERED, SECRETARIES),  # an empty form: 400 for them, refused for others
    "reports:report": web(SOCIETY_READ_A, kwargs=lambda w: {"pk": w.report.pk}),
    "reports:report_progress": web(SOCIETY_READ_A, kwargs=lambda w: {"pk": w.report.pk}),
    "reports:report_download": web(SOCIETY_READ_A, kwargs=lambda w: {"pk": w.report.pk, "fmt": "pdf"}),
    "reports:report_retry": web(NOT_OFFERED, SECRETARIAT_A, kwargs=lambda w: {"pk": w.report.pk}),
    # a secretariat: sent to its own society's page; the POST (recount now) is CAST's
    "reports:scorecard": web(only(SEC_A, SEC_B, REGULATOR, CAST), only(SEC_A, SEC_B, CAST)),
    # a secretariat exports its own rows only
    "reports:scorecard_export": web(only(SEC_A, SEC_B, REGULATOR, CAST), kwargs=lambda w: {"fmt": "csv"}),
    "reports:scorecard_society": web(
        only(SEC_A, REGULATOR, CAST), kwargs=lambda w: {"society_pk": w.society_a.pk}
    ),
    "reports:annual_list": web(SOCIETY_LISTS),
    "reports:annual_open": web(NOT_OFFERED, only(SEC_A, SEC_B)),
    "reports:annual": web(SOCIETY_READ_A, only(SEC_A), kwargs=lambda w: {"pk": w.annual_report.pk}),
    "reports:annual_step": web(
        NOT_OFFERED,
        kwargs=lambda w: {"pk": w.annual_report.pk},
        vary=(
            "step",
            {
                "generate": (NOT_OFFERED, only(SEC_A)),
                "submit": (NOT_OFFERED, only(SEC_A)),
                "accept": (NOT_OFFERED, CAST_ONLY),
                "return": (NOT_OFFERED, CAST_ONLY),
            },
        ),
    ),
    # awards: the public dynamic list (R-AW-06) and a listed program's page, no login
    "awards:public_list": web(PUBLIC),
    "awards:program_public": web(PUBLIC, kwargs=award_program),
    # awards: programs — A's secretariat writes (CHANGE, CAST too), CAST decides (DECIDE); the management
    # pages are read by A's secretariat and Party reviewers, CAST and the regulator
    "awards:programs": web(SOCIETY_LISTS),  # each their own societies' programs
    "awards:program_create": web(only(SEC_A, SEC_B)),  # a secretariat registers; CAST lists, not creates
    "awards:program": web(SOCIETY_READ_A, kwargs=award_program),
    "awards:program_edit": web(SECRETARIAT_A, kwargs=award_program),  # listed: sent back, not editable
    "awards:program_document": web(SOCIETY_READ_A, kwargs=award_program),
    "awards:round_create": web(SECRETARIAT_A, kwargs=award_program),
    "awards:program_step": web(
        kwargs=award_program,
        vary=(
            "step",
            {
                "submit": same(SECRETARIAT_A),  # already listed: the page says so (not a permission answer)
                "list": DECIDE_STEP,
                "return": DECIDE_STEP,
                "suspend": DECIDE_STEP,
                "reinstate": DECIDE_STEP,
                "withdraw": DECIDE_STEP,
            },
        ),
    ),
    "awards:listing": web(CAST_READS),  # CAST's queue; the regulator reads it (as activities:review)
    "awards:list_management": web(CAST_READS),
    # awards: rounds of A's program (an open round is not public yet)
    "awards:round": web(SOCIETY_READ_A, kwargs=award_round),
    "awards:nominate": web(SECRETARIAT_A, kwargs=award_round),  # the program takes no member nominations
    "awards:bulk_assign": web(SECRETARIAT_A, kwargs=award_round),
    "awards:panel": web(SECRETARIAT_A, kwargs=award_round),  # reviewers' workload: not the Party reviewer's
    "awards:results": web(SECRETARIAT_A, kwargs=award_round),
    "awards:round_step": web(
        kwargs=award_round,
        vary=(
            "step",
            {
                "open": same(SECRETARIAT_A),
                "close_nominations": same(SECRETARIAT_A),
                "publish": same(SECRETARIAT_A),  # refused by R-AW-05 until pre-review: a validation answer
            },
        ),
    ),
    # awards: nominations are personal data — never the regulator's (awards.permissions)
    "awards:nomination": web(NOMINATION_READ_A, kwargs=nomination),
    "awards:nomination_assign": web(SECRETARIAT_A, kwargs=nomination),
    "awards:material_upload": web(NOT_OFFERED, SECRETARIAT_A, kwargs=nomination),  # POST only
    "awards:nomination_withdraw": web(SECRETARIAT_A, kwargs=nomination),
    "awards:material": web(NOMINATION_READ_A, kwargs=pk_of("nomination_material")),
    "awards:my_nominations": web(SIGNED_IN),  # everyone's own member nominations, perhaps none
    # awards: an award reviewer's pages. None of the eight personas is an award reviewer or has an
    # assignment, so every signed-in persona is refused (awards.views.reviews._require_reviewer; the
    # review form needs an assignment of the user to the nomination).
    "awards:my_reviews": web(only()),
    "awards:coauthors": web(only()),
    "awards:review": web(only(), kwargs=nomination),
    # --- API (/api/v1/) ---
    "api-root": api(SIGNED_IN),
    "api-token": api(everyone(NONE), PUBLIC),  # POST {username, password}; anyone may ask
    "api-tokens": api(SIGNED_IN, SIGNED_IN),  # GET lists, DELETE revokes the caller's own tokens
    "api-token-detail": api(NOT_OFFERED, only(MEMBER), kwargs=pk_of("member_token")),  # DELETE: own only
    "api-settings": api(CAST_ONLY, CAST_ONLY),  # ADMIN
    # the audit trail: read by CAST and the regulator, written by no method (NONE: 405)
    "auditentry-list": api(CAST_READS, AUDIT_WRITE),
    "auditentry-detail": api(CAST_READS, AUDIT_WRITE, kwargs=audit_entry),
    "api-scorecard": api(only(SEC_A, SEC_B, REGULATOR, CAST)),  # R-EV-01: a secretariat its own society
    "api-schema": api(PUBLIC, everyone(NONE)),
    "api-docs": api(PUBLIC, everyone(NONE)),
    # users: CAST manages accounts and roles; everyone reads themself
    "user-list": api(SIGNED_IN, CAST_ONLY),
    "user-me": api(SIGNED_IN),
    "user-detail": api(only(MEMBER, CAST), CAST_ONLY, kwargs=member_user),  # the member's own account
    "user-deactivate": action(CAST_ONLY, kwargs=member_user),
    "user-grant-role": action(CAST_ONLY, kwargs=member_user),  # a secretary never grants roles (issue 10)
    "user-revoke-role": action(CAST_ONLY, kwargs=member_user),
    # societies: the directory is public; governance reads as on the web
    "society-list": api(PUBLIC, CAST_ONLY),  # POST registers a society (DECIDE)
    "society-detail": api(PUBLIC, SECRETARIAT_A, kwargs=society_a),
    "society-bodies": api(PUBLIC, NOT_OFFERED, kwargs=society_a),
    "society-officers": api(PUBLIC, NOT_OFFERED, kwargs=society_a),
    "society-charters": api(SOCIETY_READ_A, kwargs=society_a),
    "society-history": api(SOCIETY_READ_A, kwargs=society_a),  # CAST's reasons: not another society's
    "society-suspend": action(CAST_ONLY, kwargs=society_a),
    "society-reinstate": action(CAST_ONLY, kwargs=society_a),
    "society-deregister": action(CAST_ONLY, kwargs=society_a),
    # people and memberships: personal data
    "person-list": api(SIGNED_IN, SECRETARIES),  # POST by CAST and secretaries (API.md)
    "person-detail": api(OWN_PERSON, kwargs=member_person),
    "person-sanction": api(OWN_PERSON, kwargs=member_person),
    "membership-list": api(SIGNED_IN, SECRETARIES),  # POST: a secretariat records a member of its society
    "membership-detail": api(OWN_PERSON, kwargs=membership),
    "membership-history": api(OWN_PERSON, kwargs=membership),
    "membership-withdraw": action(OWN_PERSON, kwargs=membership),
    "membership-lapse": action(SECRETARIAT_A, kwargs=membership),
    "membership-renew": action(SECRETARIAT_A, kwargs=membership),
    "membership-expel": action(SECRETARIAT_A, kwargs=membership),
    "membership-application-list": api(SIGNED_IN, SIGNED_IN),  # anyone signed in applies for themself
    "membership-application-detail": api(SECRETARIAT_A, kwargs=application),
    "membership-application-history": api(SECRETARIAT_A, kwargs=application),
    "membership-application-approve": action(SECRETARIAT_A, kwargs=application),
    "membership-application-reject": action(SECRETARIAT_A, kwargs=application),
    # the applicant alone withdraws their own waiting application (B's secretariat sees it, may not)
    "membership-application-withdraw": action(only(MEMBER), kwargs=pk_of("own_application")),
    "credit-record-list": api(SIGNED_IN, CAST_ONLY),  # R-ETH-01: CAST writes; a person reads their own
    "credit-record-detail": api(only(MEMBER, CAST), kwargs=pk_of("credit_record")),
    "training-record-list": api(SIGNED_IN, CAST_ONLY),
    "training-record-detail": api(OWN_PERSON, kwargs=pk_of("training_record")),
    # branches
    "branch-list": api(SIGNED_IN, only(SEC_A, SEC_B)),  # POST proposes: the secretariat, not CAST
    "branch-detail": api(BRANCH_READ_X, only(SEC_A, OFFICER_X, CAST), kwargs=branch_x),
    "branch-history": api(BRANCH_READ_X, kwargs=branch_x),
    "branch-submit": action(only(SEC_A), kwargs=branch_x),
    "branch-resolution-document": action(SECRETARIAT_A, kwargs=branch_x),
    "branch-approve": action(CAST_ONLY, kwargs=branch_x),
    "branch-reject": action(CAST_ONLY, kwargs=branch_x),
    "branch-flag": action(CAST_ONLY, kwargs=branch_x),
    "branch-rectified": action(CAST_ONLY, kwargs=branch_x),
    "branch-revoke": action(CAST_ONLY, kwargs=branch_x),
    # activities
    "activity-list": api(SIGNED_IN, only(SEC_A, SEC_B, OFFICER_X)),  # POST files: secretariats, officers
    "activity-detail": api(BRANCH_READ_X, FILERS_X, kwargs=filing),
    "activity-history": api(BRANCH_READ_X, kwargs=filing),
    "activity-versions": api(BRANCH_READ_X, kwargs=filing),
    "activity-submit": action(FILERS_X, kwargs=filing),
    "activity-summary": action(FILERS_X, kwargs=filing),
    "activity-approve": action(CAST_ONLY, kwargs=filing),
    "activity-return-": action(CAST_ONLY, kwargs=filing),
    "activity-reject": action(CAST_ONLY, kwargs=filing),
    # Party building
    "major-matter-list": api(SIGNED_IN, SECRETARIES),
    "major-matter-detail": api(only(SEC_A, REVIEWER_A, CAST), kwargs=matter),
    "major-matter-history": api(only(SEC_A, REVIEWER_A, CAST), kwargs=matter),
    "major-matter-approve": action(only(REVIEWER_A), kwargs=matter),  # R-PB-02: not CAST's
    "major-matter-return": action(only(REVIEWER_A), kwargs=matter),
    "major-matter-resubmit": action(SECRETARIAT_A, kwargs=matter),
    "donation-list": api(SIGNED_IN, SECRETARIES),
    "donation-detail": api(SOCIETY_READ_A, kwargs=pk_of("donation")),
    "donation-history": api(SOCIETY_READ_A, kwargs=pk_of("donation")),
    "donation-confirm": action(SECRETARIAT_A, kwargs=pk_of("donation")),
    "expenditure-list": api(SIGNED_IN, SECRETARIES),
    "expenditure-detail": api(SOCIETY_READ_A, kwargs=pk_of("expenditure")),
    "expenditure-history": api(SOCIETY_READ_A, kwargs=pk_of("expenditure")),
    "expenditure-confirm": action(SECRETARIAT_A, kwargs=pk_of("expenditure")),
    "party-organization-list": api(SIGNED_IN, SECRETARIES),
    "party-organization-detail": api(SOCIETY_READ_A, SECRETARIAT_A, kwargs=pk_of("party_organization")),
    "election-list": api(SIGNED_IN, SECRETARIES),
    "election-detail": api(SOCIETY_READ_A, kwargs=election),
    "election-history": api(SOCIETY_READ_A, kwargs=election),
    "election-add-candidate": action(SECRETARIAT_A, kwargs=election),
    "election-submit-slate": action(SECRETARIAT_A, kwargs=election),
    "election-record-votes": action(SECRETARIAT_A, kwargs=election),
    "election-certify": action(SECRETARIAT_A, kwargs=election),
    # compliance
    "finding-list": api(SIGNED_IN),
    "finding-detail": api(SOCIETY_READ_A, kwargs=finding),
    "finding-history": api(SOCIETY_READ_A, kwargs=finding),
    "finding-acknowledge": action(SECRETARIAT_A, kwargs=finding),
    "finding-resolve": action(CAST_ONLY, kwargs=finding),
    "finding-dismiss": action(CAST_ONLY, kwargs=finding),
    "finding-rectify": action(SECRETARIAT_A, kwargs=finding),
    "finding-return": action(CAST_ONLY, kwargs=finding),
    "finding-evidence": action(SECRETARIAT_A, kwargs=finding),
    "compliance-sweep-list": api(SIGNED_IN, CAST_ONLY),  # POST {}: a sweep of every society
    "compliance-sweep-detail": api(only(SEC_A, REGULATOR, CAST), kwargs=pk_of("sweep")),
    # reports (API.md)
    "report-list": api(SIGNED_IN, SIGNED_IN),  # POST {}: 400 (kind required) before any refusal
    "report-detail": api(SOCIETY_READ_A, kwargs=pk_of("report")),
    "report-retry": action(SECRETARIAT_A, kwargs=pk_of("report")),  # done: 400 for who may retry it
    "annual-report-list": api(SIGNED_IN, SIGNED_IN),  # POST {}: 400 (society, year required)
    "annual-report-detail": api(SOCIETY_READ_A, only(SEC_A), kwargs=pk_of("annual_report")),
    "annual-report-history": api(SOCIETY_READ_A, kwargs=pk_of("annual_report")),
    "annual-report-submit": action(only(SEC_A), kwargs=pk_of("annual_report")),
    "annual-report-accept": action(CAST_ONLY, kwargs=pk_of("annual_report")),
    "annual-report-return": action(CAST_ONLY, kwargs=pk_of("annual_report")),
    # awards (API.md): programs and rounds as on the web; nominations and reviews never the regulator's
    "award-program-list": api(SIGNED_IN, SECRETARIES),  # POST: a secretariat (or CAST) registers a draft
    "award-program-detail": api(SIGNED_IN, SECRETARIAT_A, kwargs=award_program),  # listed: public; PATCH 409
    "award-program-history": api(SIGNED_IN, kwargs=award_program),
    "award-program-submit": action(SECRETARIAT_A, kwargs=award_program),
    "award-program-list-program": action(CAST_ONLY, kwargs=award_program),
    "award-program-return": action(CAST_ONLY, kwargs=award_program),
    "award-program-suspend": action(CAST_ONLY, kwargs=award_program),
    "award-program-reinstate": action(CAST_ONLY, kwargs=award_program),
    "award-program-withdraw": action(CAST_ONLY, kwargs=award_program),
    "award-round-list": api(SIGNED_IN, SECRETARIES),
    "award-round-detail": api(SOCIETY_READ_A, kwargs=award_round),
    "award-round-history": api(SOCIETY_READ_A, kwargs=award_round),
    "award-round-ranking": api(SECRETARIAT_A, kwargs=award_round),
    "award-round-open": action(SECRETARIAT_A, kwargs=award_round),
    "award-round-close-nominations": action(SECRETARIAT_A, kwargs=award_round),
    "award-round-propose-results": action(SECRETARIAT_A, kwargs=award_round),
    "award-round-publish": action(SECRETARIAT_A, kwargs=award_round),
    # POST: anyone signed in may nominate as a member where a program allows it; the service decides
    "nomination-list": api(SIGNED_IN, SIGNED_IN),
    "nomination-detail": api(NOMINATION_READ_A, kwargs=nomination),
    "nomination-history": api(NOMINATION_READ_A, kwargs=nomination),
    "nomination-withdraw": action(SECRETARIAT_A, kwargs=nomination),
    "nomination-assign-reviewers": action(SECRETARIAT_A, kwargs=nomination),
    "nomination-materials": api(NOMINATION_READ_A, SECRETARIAT_A, kwargs=nomination),  # POST uploads
    "review-list": api(SIGNED_IN, only()),  # POST: award reviewers only — none of the personas
    "review-detail": api(NOMINATION_READ_A, kwargs=pk_of("review")),
    "public-award-list": api(PUBLIC, everyone(NONE)),  # no authentication at all: 405 for anonymous too
    "public-award-detail": api(PUBLIC, everyone(NONE), kwargs=award_program),
}
