"""Each page of the course site loads each script once (no 'THEBE_JS_URL has already been declared')."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from support import REPO


def _build(tmp_path, extensions: list[str]) -> str:
    """Build a one-page site in its own process: Sphinx keeps node classes in process-wide state."""
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text(f"extensions = {extensions!r}\nhtml_theme = 'sphinx_book_theme'\n",
                                    encoding="utf-8")
    (source / "index.rst").write_text("Course\n======\n\nText.\n", encoding="utf-8")
    out = tmp_path / "html"
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(out)], check=True)
    return (out / "index.html").read_text(encoding="utf-8")


def _inline_scripts(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, flags=re.S)


def test_sphinx_thebe_config_script_is_written_once_with_the_fix(tmp_path):
    pytest.importorskip("sphinx_thebe")
    html = _build(tmp_path, ["sphinx_thebe", "searchcraft.course.page_scripts"])
    assert html.count("const THEBE_JS_URL") == 1
    scripts = _inline_scripts(html)
    assert len(scripts) == len(set(scripts))
    srcs = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert len(srcs) == len(set(srcs))


def test_without_the_fix_sphinx_7_writes_it_twice(tmp_path):
    """Shows why the extension exists; when Sphinx fixes it (8.2) this test says the fix can go."""
    pytest.importorskip("sphinx_thebe")
    import sphinx

    html = _build(tmp_path, ["sphinx_thebe"])
    if sphinx.version_info >= (8, 2):
        pytest.skip("Sphinx 8.2 and later write it once by themselves")
    assert html.count("const THEBE_JS_URL") == 2


def test_the_course_build_uses_the_fix():
    assert "- searchcraft.course.page_scripts" in (REPO / "_config.yml").read_text(encoding="utf-8")
