"""``TwoDatabaseSearch``: run a line-by-line strategy in Ovid MEDLINE, then in CINAHL, and see what the second added.

Each platform has a text box for a whole strategy, one search a line, in that platform's own
notation (Ovid ``1 or 2``, ``.ti,ab.``, ``exp Heading/``, ``adj3``; CINAHL ``S1 AND S2``, ``TI``,
``AB``, ``MH``, ``N3``). *Run* shows the numbered history with each line's count in that
database; a line that cannot be run is named as the platform names it (``Line 3``, ``S3``) with a
caret under the place of the problem, and the typed strategy is kept. *Mark both and combine*
marks each search against the relevant records its database holds, then the two together with
duplicates removed, naming each relevant record missed and why. The logic is
:mod:`searchcraft.practice.platforms`; this is only its view.

Keyboard use: Tab moves between the text boxes and the buttons; Enter or Space presses the focused
button (Enter in a text box starts a new line). Results are announced to screen readers.

Example::

    TwoDatabaseSearch(gold="hand-hygiene-feedback", save_to="my-work/two-databases.json")
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..errors import SearchCraftError
from ..practice.corpus import load_gold_set
from ..practice.goldset import GoldSet
from ..practice.history import notation
from ..practice.platforms import PlatformSearch, TwoDatabaseMark, mark_two_databases, platform, search_platform
from .query_feedback import problem_html
from .saving import SaveSlot, live_region

_STYLE = {"description_width": "11em"}
_WIDE = widgets.Layout(width="95%", height="11em")
_AUTO = widgets.Layout(width="auto")
_HOW = {
    "ovid": "Number nothing: each line is numbered for you (1, 2, 3). Combine lines with "
            "<code>1 or 2</code>, <code>3 and 6</code> or <code>or/1-2</code>; fields with "
            "<code>.ti,ab.</code>; headings with <code>Heading/</code> or <code>exp Heading/</code>; "
            "adjacency with <code>adj3</code>; truncation with <code>$</code> or <code>*</code>.",
    "cinahl": "Each line becomes S1, S2, S3. Combine lines with <code>S1 OR S2</code>; fields with "
              "<code>TI</code> and <code>AB</code> in front of the words; headings with "
              '<code>MH "Heading"</code> or <code>MH "Heading+"</code>; proximity with '
              "<code>N3</code>; truncation with <code>*</code>.",
}


def history_table(search: PlatformSearch) -> str:
    """The platform's numbered history, with each line's count in that database, as a table."""
    name = search.platform.name
    rows = "".join(f"<tr><th scope='row'>{escape(label)}</th><td><code>{escape(query)}</code></td>"
                   f"<td style='text-align:right'>{count:,}</td></tr>"
                   for label, query, count in search.rows())
    return (f"<table><caption>{escape(name)} search history</caption><thead><tr>"
            "<th scope='col'>Line</th><th scope='col'>Search</th><th scope='col'>Results</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>")


def mark_html(mark: TwoDatabaseMark) -> str:
    """Each database's mark and missed records, then the combined set: duplicates, what the
    second database added, the combined mark, and the records neither found."""
    parts = ['<div role="status" aria-live="polite">']
    for search in (mark.first, mark.second):
        e, m, p = search.mark.evaluation, search.mark, search.platform
        parts.append(f"<p><strong>{escape(p.name)}:</strong> {len(e.found)} of the {e.relevant} relevant "
                     f"records {escape(p.database)} holds (recall {e.recall:.0%}) among {e.retrieved:,} "
                     f"results; {m.marks:g} of {m.out_of:g} marks.</p>")
        if m.misses:
            items = "".join(f"<li>{escape(str(miss))}</li>" for miss in m.misses)
            more = len(e.missed) - len(m.misses)
            parts.append(f"<p>Missed in {escape(p.database)}, and why:</p><ul>{items}</ul>"
                         + (f"<p>... and {more} more.</p>" if more > 0 else ""))
    parts.append("<p><strong>Together, with duplicates removed:</strong></p>")
    parts.extend(f"<p>{escape(line)}</p>" for line in mark.together())
    if mark.misses:
        items = "".join(f"<li>In {escape(where)}: {escape(str(miss))}</li>" for miss, where in mark.misses)
        parts.append(f"<p>Relevant records neither search found, and why:</p><ul>{items}</ul>")
    parts.append("</div>")
    return "".join(parts)


class TwoDatabaseSearch(widgets.VBox):
    """One strategy in two databases on the practice database, each in its own notation, marked."""

    def __init__(self, *, gold: GoldSet | str = "hand-hygiene-feedback", first: str = "ovid",
                 second: str = "cinahl", purpose: str = "systematic-review",
                 strategies: dict[str, str] | None = None,
                 save_to: str | Path | None = None) -> None:
        self.slot = SaveSlot(save_to, kind="TwoDatabaseSearch")
        state, message = self.slot.restore()
        self.gold = load_gold_set(gold) if isinstance(gold, str) else gold
        self.purpose = purpose
        self.platforms = (platform(first), platform(second))
        saved = dict(strategies or {})
        saved.update((state or {}).get("strategies") or {})
        intro = widgets.HTML(
            f"<p>Question: {escape(self.gold.question)}</p>"
            "<p>Write the strategy one search a line, run it in each database, then mark both and "
            "see what the second database added.</p>")
        self.boxes: dict[str, widgets.Textarea] = {}
        self.histories: dict[str, widgets.HTML] = {}
        self.runs: dict[str, PlatformSearch] = {}
        children: list[widgets.Widget] = [intro]
        for where in self.platforms:
            how = (f"<h4>{escape(where.name)}</h4><p>{escape(where.database)} here holds "
                   f"{escape(where.coverage)}. {_HOW.get(where.syntax, '')} "
                   f"{escape(notation(where.syntax).explosion)}</p>")
            box = widgets.Textarea(value=saved.get(where.key, ""), description=f"{where.name} strategy:",
                                   placeholder=f"e.g.\n{where.example}", style=_STYLE, layout=_WIDE,
                                   rows=9)
            run = widgets.Button(description=f"Run in {where.name}", button_style="primary",
                                 tooltip=f"Run each line in {where.name} and show the numbered history",
                                 layout=_AUTO)
            run.on_click(lambda _b, key=where.key: self.run(key))
            self.boxes[where.key] = box
            self.histories[where.key] = widgets.HTML()
            children += [widgets.HTML(how), box, run, self.histories[where.key]]
        self.mark_button = widgets.Button(description="Mark both and combine", button_style="info",
                                          tooltip="Mark each database's search, then both together "
                                                  "with duplicates removed", layout=_AUTO)
        self.mark_button.on_click(lambda _b: self.show_mark())
        self.feedback = widgets.HTML()
        self.status = widgets.HTML(live_region(message))
        super().__init__(children + [self.mark_button, self.feedback, self.status])

    def run(self, key: str) -> PlatformSearch | None:
        """Run the strategy typed for platform ``key``; show its history or its problem."""
        where = platform(key)
        text = self.boxes[where.key].value
        try:
            search = search_platform(text, where, self.gold, purpose=self.purpose)
        except SearchCraftError as error:
            self.histories[where.key].value = problem_html(error, lead=f"{where.name} could not run it.")
            self.runs.pop(where.key, None)
            return None
        self.runs[where.key] = search
        e = search.mark.evaluation
        self.histories[where.key].value = (
            history_table(search)
            + live_region(f"{where.name}: {search.count:,} results from the last line, "
                          f"{len(e.found)} of the {e.relevant} relevant records {where.database} holds."))
        self._save()
        return search

    def mark(self) -> TwoDatabaseMark:
        """Mark both strategies as they are typed now (errors are raised, for a check cell)."""
        a, b = self.platforms
        return mark_two_databases(self.boxes[a.key].value, self.boxes[b.key].value, self.gold,
                                  first=a, second=b, purpose=self.purpose)

    def show_mark(self) -> TwoDatabaseMark | None:
        """Mark both and show the result (or the first problem) in the widget."""
        try:
            result = self.mark()
        except SearchCraftError as error:
            self.feedback.value = problem_html(error, lead="Both strategies must run before they are marked.")
            return None
        self.feedback.value = mark_html(result)
        self._save()
        return result

    def _save(self) -> None:
        message = self.slot.save({"strategies": {k: box.value for k, box in self.boxes.items()},
                                  "gold": self.gold.name})
        if message.startswith("Could not"):
            self.status.value = live_region(message, problem=True)
