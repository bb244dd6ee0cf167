"""Sphinx extension: "Open in JupyterLab, in your browser" on notebook pages and at the top of module pages.

The link opens the page's notebook in the course's JupyterLite copy under the site's ``lab/`` (built by
``searchcraft course lab``), so a learner with nothing but a browser gets the whole notebook. It joins the
theme's launch menu (beside JupyterHub and Binder, which appear only when ``_config.yml`` names them) and
is repeated as a plain link above the page's title area, where a learner looks first.

Enabled in ``_config.yml``::

    sphinx:
      extra_extensions: [searchcraft.course.lab_link]
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path
from typing import Any
from urllib.parse import quote

LABEL = "Open in JupyterLab, in your browser"
LAB_INDEX = "lab/lab/index.html"


def lab_href(pathto: Any, notebook: str | None) -> str:
    """The link from a page to the lab, opening ``notebook`` (a path like ``modules/x/y.ipynb``) if given.

    >>> lab_href(lambda uri, resource: "../../" + uri, "modules/a/b.ipynb")
    '../../lab/lab/index.html?path=modules/a/b.ipynb'
    """
    href = pathto(LAB_INDEX, 1)
    return f"{href}?path={quote(notebook)}" if notebook else href


def _notebook_of(app: Any, pagename: str) -> str | None:
    source = Path(app.env.doc2path(pagename))
    notebook = source.with_suffix(".ipynb")
    return f"{pagename}.ipynb" if notebook.is_file() else None


def add_lab_link(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Put the lab link in the launch menu and at the top of the body of notebook and module pages."""
    if doctree is None or "pathto" not in context:
        return
    notebook = _notebook_of(app, pagename)
    if notebook is None and not pagename.startswith("modules/"):
        return
    href = lab_href(context["pathto"], notebook)
    buttons = context.get("header_buttons")
    if isinstance(buttons, list):
        button = {"type": "link", "text": "JupyterLab, in your browser", "tooltip": LABEL,
                  "icon": "_static/images/logo_jupyterlite.svg", "url": href, "label": "lab-button"}
        group = next((b for b in buttons if b.get("label") == "launch-buttons"), None)
        if group is None:
            buttons.append({"type": "group", "tooltip": "Launch interactive content", "icon": "fas fa-rocket",
                            "buttons": [button], "label": "launch-buttons"})
        else:
            group["buttons"].insert(0, button)
    what = "this notebook" if notebook else "the course's notebooks"
    context["body"] = (f'<p class="sc-lab-link"><a href="{html.escape(href)}">{LABEL}</a>: '
                       f"{what} in a full JupyterLab that runs in your browser, with nothing to install."
                       "</p>\n" + context.get("body", ""))


def live_files_changed(app: Any, env: Any, added: Any, changed: Any, removed: Any) -> list[str]:
    """Read the first page again when ``make vendor`` gathered new live files (``_live/``).

    Sphinx copies static files only when some page is out of date, so after a change to the package
    alone (a new searchcraft wheel, the same pages) the site would keep serving the old files, and the
    lab, which loads the site's copy of Pyodide and the wheels, would not match them.
    """
    manifest = Path(app.srcdir) / "_live" / "wheels" / "manifest.json"
    stamp = hashlib.sha256(manifest.read_bytes()).hexdigest() if manifest.is_file() else ""
    if getattr(env, "searchcraft_live_files", None) == stamp:
        return []
    env.searchcraft_live_files = stamp
    return [app.config.root_doc]


def setup(app: Any) -> dict[str, Any]:
    app.connect("html-page-context", add_lab_link, priority=510)  # after the theme's launch buttons
    app.connect("env-get-outdated", live_files_changed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
