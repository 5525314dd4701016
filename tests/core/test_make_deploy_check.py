"""`make test` runs `manage.py check --deploy --fail-level WARNING` on the production settings as its own
step, and that step passes; the same step fails as soon as a deployment weakens a security setting."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECK = "manage.py check --deploy --fail-level WARNING"


def _makefile_variable(name: str) -> str:
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    match = re.search(rf"^{name}\s*:=\s*(.+)$", text, re.MULTILINE)
    assert match, f"{name} is not defined in the Makefile"
    return match.group(1).strip()


def _test_recipe() -> list[str]:
    lines = (ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("test:"))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def _run(extra: str = ""):
    command = f"{_makefile_variable('DEPLOY_CHECK_ENV')} {extra} .venv/bin/python {CHECK}"
    return subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, check=False)


def test_the_deploy_check_is_a_step_of_make_test():
    steps = _test_recipe()
    assert f"$(DEPLOY_CHECK_ENV) $(PY) {CHECK}" in steps
    assert steps.index(f"$(DEPLOY_CHECK_ENV) $(PY) {CHECK}") < len(steps) - 1, "before the suite"
    env = _makefile_variable("DEPLOY_CHECK_ENV")
    assert "DJANGO_SETTINGS_MODULE=config.settings" in env and "DJANGO_DEBUG=false" in env


def test_the_deploy_check_passes_with_production_settings():
    result = _run()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_the_deploy_check_fails_on_a_weakened_setting():
    result = _run("DJANGO_HSTS_SECONDS=0")
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr
