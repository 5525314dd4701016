"""`award-programs/`, `award-rounds/`, `nominations/`, `reviews/` and `public/awards/` (shared/API.md), one
module per aggregate.

Every queryset passes through core.access.restrict (ScopedViewSetMixin); every write calls awards.services,
so the API and the web pages enforce the same rules (R-AW-01..06, R-ETH-02, R-PB-02).
"""

from .nominations import FLAG_SAME_YEAR, NominationViewSet
from .programs import AwardProgramViewSet
from .public import PublicAwardViewSet
from .reviews import ReviewViewSet
from .rounds import AwardRoundViewSet

__all__ = [
    "AwardProgramViewSet",
    "AwardRoundViewSet",
    "FLAG_SAME_YEAR",
    "NominationViewSet",
    "PublicAwardViewSet",
    "ReviewViewSet",
]
