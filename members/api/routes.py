from .views import (
    CreditRecordViewSet,
    MembershipApplicationViewSet,
    MembershipViewSet,
    PersonViewSet,
    TrainingRecordViewSet,
)


def register(router):
    router.register("people", PersonViewSet, basename="person")
    router.register("memberships", MembershipViewSet, basename="membership")
    router.register(
        "membership-applications", MembershipApplicationViewSet, basename="membership-application"
    )
    router.register("credit-records", CreditRecordViewSet, basename="credit-record")
    router.register("training-records", TrainingRecordViewSet, basename="training-record")
