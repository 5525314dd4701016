"""State changes of awards, one function each (checked actor, rule IDs, audited). Modules: `programs`
(the dynamic list, R-AW-01/03), `rounds` (rounds and nominations, R-AW-01, R-ETH-02), `review` (peer
review and conflicts, R-AW-04), `results` (R-AW-02, R-AW-05 with the pre-review gate)."""

from .programs import attach_approval_document, create_program, decide_program, submit_program, update_program
from .results import propose_results, publish_results, ranked, round_facts, winner_limit
from .review import assign_reviewers, assign_reviewers_in_bulk, conflict_of, declare_coauthor, submit_review
from .rounds import (
    add_material,
    close_nominations,
    create_round,
    nominate,
    open_round,
    same_year_elsewhere,
    withdraw_nomination,
)

__all__ = [
    "add_material",
    "assign_reviewers",
    "assign_reviewers_in_bulk",
    "attach_approval_document",
    "close_nominations",
    "conflict_of",
    "create_program",
    "create_round",
    "decide_program",
    "declare_coauthor",
    "nominate",
    "open_round",
    "propose_results",
    "publish_results",
    "ranked",
    "round_facts",
    "same_year_elsewhere",
    "submit_program",
    "submit_review",
    "update_program",
    "winner_limit",
    "withdraw_nomination",
]
