"""Printable postcards: one card per knowledge management technique, for a desk or a noticeboard.

Each card gives the technique's name, when to use it, the time and people it needs, its steps in
brief and the key questions to ask. The cards are built from ``km-techniques.yaml``, the same data
the knowledge management modules and the ``TechniqueFinder`` widget use, so the printout never
disagrees with the course. The page is plain, accessible HTML (``lang="en-GB"``, one heading per
card) with print CSS: A4, two cards across, never split across pages.

Example::

    >>> import tempfile, pathlib
    >>> path = write_postcards(pathlib.Path(tempfile.mkdtemp()) / "postcards.html")
    >>> "Peer Assist" in path.read_text(encoding="utf-8")
    True
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from ..files import SHARED_MODE, write_atomically
from ..widgets.models.techniques import Technique, stage_titles, techniques

TITLE = "Knowledge management techniques: postcards"
# The course's icon, inline, so the page never asks for a missing /favicon.ico (a console error),
# wherever it is saved.
ICON = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Ccircle cx='13' "
        "cy='13' r='9' fill='white' stroke='%23005eb8' stroke-width='4'/%3E%3Cpath d='M20 20 L29 29' "
        "stroke='%23005eb8' stroke-width='5' stroke-linecap='round'/%3E%3C/svg%3E")
KEY_QUESTIONS = 3

CSS = """
:root { --ink: #1a1a1a; --accent: #005eb8; --muted: #4c4c4c; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; color: var(--ink); margin: 1.5rem; line-height: 1.35; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 1rem 0 .5rem; }
.intro { color: var(--muted); margin: 0 0 1rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1rem; }
.card { border: 2px solid var(--accent); border-radius: 8px; padding: .8rem 1rem; break-inside: avoid;
        page-break-inside: avoid; display: flex; flex-direction: column; }
.card h3 { font-size: 1.2rem; margin: 0 0 .3rem; color: var(--accent); }
.stage { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 0 0 .4rem; }
.card h4 { font-size: .95rem; margin: .5rem 0 .15rem; }
.card p, .card li { font-size: .85rem; margin: .1rem 0; }
.card ol, .card ul { margin: .1rem 0 .1rem 1.2rem; padding: 0; }
dl.facts { display: grid; grid-template-columns: auto 1fr; gap: .1rem .5rem; margin: .2rem 0; font-size: .85rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.source { font-size: .7rem; color: var(--muted); margin-top: auto; padding-top: .4rem; }
@page { size: A4; margin: 12mm; }
@media print {
  body { margin: 0; }
  .intro { font-size: 9pt; }
  .cards { grid-template-columns: 1fr 1fr; gap: 6mm; }
  .card { font-size: 9pt; }
  .card p, .card li, dl.facts { font-size: 8.5pt; }
  .stage-group { break-before: page; page-break-before: always; }
  .stage-group:first-of-type { break-before: auto; page-break-before: auto; }
}
"""


def card_html(item: Technique) -> str:
    """One card as an ``<article>`` with a level-3 heading (the technique's name)."""
    steps = "".join(f"<li>{escape(step)}</li>" for step in item.steps)
    questions = "".join(f"<li>{escape(q)}</li>" for q in item.questions[:KEY_QUESTIONS])
    heading_id = f"card-{item.id}"
    return (f'<article class="card" id="{escape(item.id)}" aria-labelledby="{heading_id}">'
            f'<h3 id="{heading_id}">{escape(item.name)}</h3>'
            f'<p class="stage">{escape(stage_titles()[item.home_stage])}</p>'
            f'<dl class="facts"><dt>When</dt><dd>{escape(item.when)}</dd>'
            f"<dt>Time</dt><dd>{escape(item.time_label)}</dd>"
            f"<dt>People</dt><dd>{escape(item.people_label)}</dd></dl>"
            f"<h4>Steps</h4><ol>{steps}</ol>"
            f"<h4>Key questions</h4><ul>{questions}</ul>"
            f'<p class="source">Source: {escape(item.source)}</p></article>')


def postcards_html() -> str:
    """The whole sheet: cards grouped by stage (before, during, after doing), each group on new pages."""
    groups = []
    for stage, title in stage_titles().items():
        cards = [card_html(t) for t in techniques().values() if t.home_stage == stage]
        if cards:
            groups.append(f'<section class="stage-group" aria-labelledby="stage-{stage}">'
                          f'<h2 id="stage-{stage}">{escape(title)}</h2>'
                          f'<div class="cards">{"".join(cards)}</div></section>')
    return ('<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{escape(TITLE)}</title>\n<link rel="icon" href="{ICON}">\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            f"<h1>{escape(TITLE)}</h1>\n"
            f'<p class="intro">One card per technique from the SearchCraft knowledge '
            "management modules: print on A4, cut out and keep.</p>\n"
            + "\n".join(groups) + "\n</main>\n</body>\n</html>\n")


PAGE_NAME = "km-postcards.html"
PUBLISHED_MODE = SHARED_MODE   # readable by the web server, like every other page of the site


def write_postcards(path: Path) -> Path:
    """Write the postcards sheet to ``path`` atomically (the folder must exist), readable by all
    (0644) like the rest of the site; returns ``path``."""
    target = Path(path)
    write_atomically(target, postcards_html(), mode=PUBLISHED_MODE)
    return target


def _write_into_site(app: Any, exception: Exception | None) -> None:
    if exception is None and getattr(app.builder, "format", None) == "html":
        write_postcards(Path(app.outdir) / PAGE_NAME)


def setup(app: Any) -> dict[str, Any]:
    """A Sphinx extension: every HTML build of the course writes ``km-postcards.html`` at the site's
    root, where the knowledge management modules link to it (``extra_extensions`` in ``_config.yml``)."""
    app.connect("build-finished", _write_into_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
