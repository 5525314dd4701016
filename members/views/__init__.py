"""Members pages, one module per aggregate: joining a society and my memberships (joining), the secretariat's
application queue (applications), the self-service profile and identity changes (profile, R-MEM-03), CAST's
academic credit and training records (records), the person lookup and search (people).

Every queryset goes through core.access (restrict / get_for); every change calls members.services;
every change is confirmed on a page (GET shows what will happen, POST does it).
"""

from .applications import application_decide, application_detail, application_queue
from .joining import application_withdraw, join, membership_step, mine, privacy_notice, reconsent, register
from .people import person_lookup, person_search
from .policy import joining_policy
from .profile import change_request_decide, change_request_queue, profile
from .record import membership_detail, person_detail
from .records import credit_create, credit_list, training_create, training_gaps_list, training_list

__all__ = [
    "application_decide",
    "application_detail",
    "application_queue",
    "application_withdraw",
    "change_request_decide",
    "change_request_queue",
    "credit_create",
    "credit_list",
    "join",
    "joining_policy",
    "membership_detail",
    "membership_step",
    "mine",
    "person_detail",
    "person_lookup",
    "person_search",
    "privacy_notice",
    "profile",
    "reconsent",
    "register",
    "training_create",
    "training_gaps_list",
    "training_list",
]
