from .views import (
    DonationViewSet,
    ElectionViewSet,
    ExpenditureViewSet,
    MajorMatterViewSet,
    PartyOrganizationViewSet,
)


def register(router):
    router.register("major-matters", MajorMatterViewSet, basename="major-matter")
    router.register("donations", DonationViewSet, basename="donation")
    router.register("expenditures", ExpenditureViewSet, basename="expenditure")
    router.register("party-organizations", PartyOrganizationViewSet, basename="party-organization")
    router.register("elections", ElectionViewSet, basename="election")
