#!/usr/bin/env bash
# Known-vulnerability audit of the installed dependencies: pip-audit against PyPI's advisory data.
#
#   ./scripts/pip-audit.sh [venv]        (make test runs it with .venv)
#
# 1. Probe: PyPI's JSON API for one release that certainly exists (PIP_AUDIT_PROBE_URL overrides it), with
#    a short timeout. No answer, no DNS, an error status, or an answer without the `vulnerabilities` field
#    (a mirror or proxy that is not PyPI — the case on the project's offline machines) means the advisory
#    data cannot be reached: it prints "pip-audit: skipped: offline (<why>)" and exits 0. Nothing was
#    checked, which is not a pass: run `make test` on a connected machine before a release.
# 2. Reachable: pip-audit runs (JSON output, the project itself skipped as editable). Any known vulnerability fails (exit 1) and is listed with its
#    fix versions; packages it could not look up are named. If it could look up none of them after all,
#    that is the offline case again (skipped, exit 0). pip-audit failing for another reason fails the build.
set -uo pipefail
venv="${1:-.venv}"
probe="${PIP_AUDIT_PROBE_URL:-https://pypi.org/pypi/pip/24.0/json}"
timeout="${PIP_AUDIT_PROBE_TIMEOUT:-10}"

why_offline="$("$venv/bin/python" - "$probe" "$timeout" <<'PY'
import json, sys, urllib.request

url, timeout = sys.argv[1], float(sys.argv[2])
try:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        body = json.loads(response.read(2_000_000))
except Exception as exc:  # no network, DNS, TLS, HTTP error, not JSON: all mean "cannot audit here"
    print(f"{url}: {type(exc).__name__}: {exc}"[:300])
else:
    if not isinstance(body, dict) or "vulnerabilities" not in body:
        print(f"{url} answers without advisory data (a mirror, not PyPI)")
PY
)"
if [ -n "$why_offline" ]; then
  echo "pip-audit: skipped: offline — the PyPI advisory database is not reachable ($why_offline)."
  echo "pip-audit: nothing was checked; run it on a connected machine before a release."
  exit 0
fi

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
"$venv/bin/pip-audit" -f json --progress-spinner off --skip-editable >"$report" 2>"$report.err"
status=$?
if [ ! -s "$report" ]; then
  cat "$report.err"
  rm -f "$report.err"
  echo "pip-audit: failed (exit $status) without a report."
  exit "$(( status == 0 ? 1 : status ))"
fi
rm -f "$report.err"

"$venv/bin/python" - "$report" <<'PY'
import json, sys

data = json.load(open(sys.argv[1], encoding="utf-8"))
deps = data.get("dependencies", []) if isinstance(data, dict) else []
skipped = [d["name"] for d in deps if d.get("skip_reason")]
audited = [d for d in deps if not d.get("skip_reason")]
vulnerable = [d for d in audited if d.get("vulns")]
if deps and not audited:  # a PyPI that knows none of them: the advisory data is not really there
    print(f"pip-audit: skipped: offline — none of the {len(deps)} packages could be looked up on PyPI.")
    sys.exit(0)
for dep in vulnerable:
    for vuln in dep["vulns"]:
        fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix released"
        print(f"{dep['name']} {dep.get('version', '')}: {vuln.get('id')} (fixed in: {fixes})")
if skipped:
    print(f"pip-audit: {len(skipped)} package(s) not found on PyPI, not audited: {', '.join(skipped)}")
if vulnerable:
    count = sum(len(d["vulns"]) for d in vulnerable)
    print(f"pip-audit: {count} known vulnerabilit{'y' if count == 1 else 'ies'} in {len(vulnerable)} package(s).")
    sys.exit(1)
print(f"pip-audit: no known vulnerabilities in {len(audited)} packages.")
PY
