"""A Sphinx extension for the course build: each page loads each of its scripts once.

Sphinx 7 (the series Jupyter Book 1 requires) writes an inline script twice when an extension adds it
with ``app.add_js_file(None, body=...)`` after the HTML builder has started: once under the name
``None`` and once under ``''`` (fixed upstream in Sphinx 8.2, sphinx-doc/sphinx#13402).
sphinx-thebe does exactly that with ``const THEBE_JS_URL = ...``, so every page of the site logged
``SyntaxError: Identifier 'THEBE_JS_URL' has already been declared``. Before each page is written
this drops the second copy of any script with the same source, attributes and priority.

Listed in ``_config.yml`` under ``sphinx: extra_extensions``.
"""

from __future__ import annotations

from typing import Any


def _key(script: Any) -> tuple:
    """What makes two script entries the same: the file (``None`` and ``''`` alike), priority, attributes."""
    filename = getattr(script, "filename", script) or ""
    attributes = getattr(script, "attributes", {}) or {}
    return filename, getattr(script, "priority", None), tuple(sorted((k, str(v)) for k, v in attributes.items()))


def each_script_once(scripts: list) -> list:
    """``scripts`` without later duplicates, in their order.

    Example::

        >>> each_script_once(["a.js", "b.js", "a.js"])
        ['a.js', 'b.js']
    """
    seen: set[tuple] = set()
    kept = []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            kept.append(script)
    return kept


def _page_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        scripts[:] = each_script_once(scripts)


def setup(app: Any) -> dict[str, Any]:
    # late, so scripts other extensions add for the page are seen too
    app.connect("html-page-context", _page_context, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
