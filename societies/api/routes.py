from .views import SocietyViewSet


def register(router):
    router.register("societies", SocietyViewSet, basename="society")
