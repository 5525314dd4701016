"""Every file the portal ships under static/ names only files that are there: a source map comment or a CSS
url() pointing at a missing file makes the manifest storage's collectstatic fail in production."""

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "static"
SOURCE_MAP = re.compile(r"[#@]\s*sourceMappingURL=([^\s*]+)")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


def references(path: Path):
    text = path.read_text(encoding="utf-8", errors="replace")
    found = SOURCE_MAP.findall(text)
    if path.suffix == ".css":
        found += CSS_URL.findall(text)
    for ref in found:
        if ref.startswith(("data:", "http:", "https:", "//", "#")):
            continue
        yield ref.split("?")[0].split("#")[0]


SHIPPED = sorted(p for p in STATIC.rglob("*") if p.suffix in (".js", ".css"))


def test_static_tree_is_not_empty():
    assert any(p.name == "bootstrap.min.css" for p in SHIPPED)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(STATIC)))
def test_referenced_files_exist(path):
    missing = [ref for ref in references(path) if not (path.parent / ref).exists()]
    assert not missing, f"{path.relative_to(STATIC)} names missing files: {missing}"


def test_the_check_catches_a_dangling_source_map(tmp_path):
    bad = tmp_path / "lib.min.js"
    bad.write_text("var a=1;\n//# sourceMappingURL=lib.min.js.map\n")
    assert list(references(bad)) == ["lib.min.js.map"]
    assert not (tmp_path / "lib.min.js.map").exists()
