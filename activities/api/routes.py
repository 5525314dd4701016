from .views import ActivityViewSet


def register(router):
    router.register("activities", ActivityViewSet, basename="activity")
