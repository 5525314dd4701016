"""Base pieces every API viewset is built from, so scoping, history and workflow actions come for free."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.access import VIEW, get_for, reads_internals, restrict
from core.audit import status_history


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.username", default=None)
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    comment = serializers.CharField(help_text="Empty for readers outside CAST, the regulator, the society.")


class ScopedViewSetMixin:
    """Every queryset passes through core.access.restrict; one object is fetched with get_for,
    which answers 404 for objects the user may not see and audits the attempt."""

    base_queryset = None  # the unscoped queryset, with its select_related/prefetch

    def get_queryset(self):
        return restrict(self.base_queryset.all(), self.request.user, VIEW)

    def get_object(self):
        """DRF's own lookups (retrieve, update) also go through get_for: 404 and an audit entry."""
        return self.get_object_for(VIEW)

    def get_object_for(self, action: str):
        lookup = {self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]}
        obj = get_for(self.base_queryset.all(), self.request.user, action, **lookup)
        self.check_object_permissions(self.request, obj)
        return obj

    def action_response(self, obj, code=status.HTTP_200_OK) -> Response:
        """The object as it is now (fetched again through base_queryset, with its annotations), shown
        with the viewset's serializer: what a write or a workflow action answers."""
        return Response(self.serializer_class(self.base_queryset.get(pk=obj.pk)).data, status=code)


class WorkflowViewSetMixin(ScopedViewSetMixin):
    """Adds `GET …/<id>/history/`: the audited state changes of one object."""

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # the whole list, as documented
    def history(self, request, pk=None):
        obj = self.get_object_for(VIEW)
        data = HistoryEntrySerializer(status_history(obj), many=True).data
        if not reads_internals(request.user, obj):
            for entry in data:
                entry["comment"] = ""
        return Response(data)


class ActionCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ServiceAction:
    """One DRF action endpoint (POST …/<id>/<name>/) declared in a line: fetch the object for `access`
    (404/403 by core.access.get_for), validate the request `body`, call the service with the actor, the
    object as `obj` and the body's fields, answer the fresh object (`action_response`). The service's
    refusals become API errors in core.api.errors, once for all.

        submit = ServiceAction(services.submit_program, obj="program", access=CHANGE)

    `body=None` takes no body; `rename` maps a body field to the service's keyword (`comment` ->
    `opinion`); `fixed` adds keywords of its own; other keywords go to DRF's @action (url_path…)."""

    def __init__(
        self,
        service,
        *,
        obj: str,
        access: str = VIEW,
        body=ActionCommentSerializer,
        rename: dict[str, str] | None = None,
        fixed: dict | None = None,
        description: str | None = None,
        **action_kwargs,
    ):
        self.service, self.obj, self.access, self.body = service, obj, access, body
        self.rename, self.fixed = rename or {}, fixed or {}
        self.description, self.action_kwargs = description, action_kwargs

    def __set_name__(self, owner, name: str) -> None:
        # DRF routes an action by its function's name, so the endpoint is built once its name is known.
        setattr(owner, name, self._endpoint(name))

    def _endpoint(self, name: str):
        spec = self

        def endpoint(viewset, request, pk=None):
            target = viewset.get_object_for(spec.access)
            data: dict = {}
            if spec.body is not None:
                body = spec.body(data=request.data, context={"request": request})
                body.is_valid(raise_exception=True)
                data = {spec.rename.get(k, k): v for k, v in body.validated_data.items()}
            result = spec.service(actor=request.user, **{spec.obj: target}, **spec.fixed, **data)
            return viewset.action_response(result if isinstance(result, type(target)) else target)

        endpoint.__name__ = endpoint.__qualname__ = name
        endpoint.__doc__ = self.description
        endpoint = action(detail=True, methods=["post"], **self.action_kwargs)(endpoint)
        return extend_schema(request=self.body, description=self.description)(endpoint)
