from .views import (
    AwardProgramViewSet,
    AwardRoundViewSet,
    NominationViewSet,
    PublicAwardViewSet,
    ReviewViewSet,
)


def register(router):
    router.register("award-programs", AwardProgramViewSet, basename="award-program")
    router.register("award-rounds", AwardRoundViewSet, basename="award-round")
    router.register("nominations", NominationViewSet, basename="nomination")
    router.register("reviews", ReviewViewSet, basename="review")
    router.register("public/awards", PublicAwardViewSet, basename="public-award")
