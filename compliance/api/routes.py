from .views import FindingViewSet


def register(router):
    router.register("findings", FindingViewSet, basename="finding")
