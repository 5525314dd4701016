from .views import AnnualReportViewSet, ReportViewSet


def register(router):
    router.register("reports", ReportViewSet, basename="report")
    router.register("annual-reports", AnnualReportViewSet, basename="annual-report")
