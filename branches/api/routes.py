from .views import BranchViewSet


def register(router):
    router.register("branches", BranchViewSet, basename="branch")
