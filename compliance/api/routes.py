from .views import FindingViewSet, SweepViewSet


def register(router):
    router.register("findings", FindingViewSet, basename="finding")
    router.register("compliance/sweeps", SweepViewSet, basename="compliance-sweep")
