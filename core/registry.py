"""How apps plug into the shared shell without editing it: each app may offer
`<app>/nav.py: items(request, reach) -> [(label, url)]`,
`<app>/dashboard.py: panels(request, reach) -> [{"template": ..., ...context}]`,
`<app>/api/routes.py: register(router)`, `<app>/demo.py: load(rng, log)`,
`<app>/inbox.py: SOURCES = [core.inbox.Source(...)]` (what waits for whom, the inbox 待我处理),
`<app>/charts.py: CHARTS = [core.charts.Chart(...)]` (the dashboard's trend charts).
The order of PORTAL_APPS is the order of menus, panels and demo loading."""

from importlib import import_module
from importlib.util import find_spec

PORTAL_APPS = [
    "societies",
    "members",
    "branches",
    "activities",
    "party_building",
    "awards",
    "compliance",
    "reports",
]


def app_modules(suffix: str):
    for app in PORTAL_APPS:
        name = f"{app}.{suffix}"
        if find_spec(app) and _has(name):
            yield import_module(name)


def _has(name: str) -> bool:
    try:
        return find_spec(name) is not None
    except ModuleNotFoundError:
        return False
