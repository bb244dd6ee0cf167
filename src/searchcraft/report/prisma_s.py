"""A PRISMA-S search report: the search written up item by item, ready to append to a review.

PRISMA-S (Rethlefsen et al., Systematic Reviews 2021;10:39) lists 16 things a review must report
about its searches. The kit knows some of them from the search histories themselves (databases,
strategies exactly as run with their line counts, dates, totals, deduplication figures, and the
limits it can see in the strategies); the rest only the searcher knows (peer review, citation
searching, contacts...). Those items appear as **to complete** prompts rather than being guessed.

The report takes one :class:`~searchcraft.practice.SearchHistory` per database (anything with
``.source.name`` and ``.lines`` of ``HistoryLine(number, query, count, run_at)`` will do), or a
:class:`DatabaseSearch` that adds the platform, the limits stated by the searcher and so on.

Example::

    history = SearchHistory(PracticeDatabase.bundled())
    history.add('"hand hygiene"[tiab]'); history.add("nurs*"); history.add("#1 AND #2")
    report = SearchReport([history], deduplication=deduplicate(records),
                          answers={14: "Peer reviewed by a second librarian using PRESS."})
    report.write("search-report.html")      # or .md
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..files import write_atomically
from .dedup import Deduplication
from .errors import ReportError
from .flow import FlowCounts, describe_flow, render_flow

REPORTED, CHECK, TO_COMPLETE = "reported", "check", "to complete"


@dataclass(frozen=True)
class ChecklistTopic:
    """One PRISMA-S item: its number, name, section and what it asks (in the kit's words)."""

    number: int
    name: str
    section: str
    asks: str


_SOURCES = "Information sources and methods"
_STRATEGIES = "Search strategies"
_PEER = "Peer review"
_RECORDS = "Managing records"

PRISMA_S_ITEMS: tuple[ChecklistTopic, ...] = (
    ChecklistTopic(1, "Database name", _SOURCES, "Name each database searched and the platform used for it."),
    ChecklistTopic(2, "Multi-database searching", _SOURCES,
                   "If several databases were searched at once on one platform, name the platform and every database."),
    ChecklistTopic(3, "Study registries", _SOURCES, "List the study registries searched."),
    ChecklistTopic(4, "Online resources and browsing", _SOURCES,
                   "Describe other online or print sources searched or browsed on purpose, and how."),
    ChecklistTopic(5, "Citation searching", _SOURCES,
                   "Say whether cited or citing references were examined, and how they were found."),
    ChecklistTopic(6, "Contacts", _SOURCES,
                   "Say whether authors, experts, manufacturers or others were contacted for studies or data."),
    ChecklistTopic(7, "Other methods", _SOURCES, "Describe any other information sources or search methods."),
    ChecklistTopic(8, "Full search strategies", _STRATEGIES,
                   "Give every database's strategy exactly as it was run."),
    ChecklistTopic(9, "Limits and restrictions", _STRATEGIES,
                   "State that no limits were used, or describe each limit (dates, language, design...) and why."),
    ChecklistTopic(10, "Search filters", _STRATEGIES,
                   "Say whether published search filters were used, modified or not, and cite them."),
    ChecklistTopic(11, "Prior work", _STRATEGIES,
                   "Say when strategies from other reviews were adapted or reused, and cite those reviews."),
    ChecklistTopic(12, "Updates", _STRATEGIES, "Describe how the searches were updated (re-runs, alerts)."),
    ChecklistTopic(13, "Dates of searches", _STRATEGIES, "For each strategy, give the date it was last run."),
    ChecklistTopic(14, "Peer review", _PEER, "Describe how the search strategies were peer reviewed."),
    ChecklistTopic(15, "Total records", _RECORDS,
                   "Give the number of records found in each database and other source."),
    ChecklistTopic(16, "Deduplication", _RECORDS,
                   "Describe how duplicates were removed, and with what software."),
)

# What the kit knows about its own sources: (database, platform, query syntax).
KNOWN_SOURCES: dict[str, tuple[str, str, str]] = {
    "practice": ("SearchCraft practice database (synthetic records for training)",
                 "SearchCraft, searched on this computer", "pubmed"),
    "pubmed": ("PubMed", "PubMed (US National Library of Medicine), through the E-utilities API", "pubmed"),
    "europepmc": ("Europe PMC", "Europe PMC (EMBL-EBI), through its REST API", "europepmc"),
}

_PROMPTS = {
    3: "List any study registries searched (e.g. ClinicalTrials.gov, WHO ICTRP), with dates and strategies, "
       "or state that none were searched.",
    4: "Describe any websites, tables of contents or conference proceedings searched or browsed, and how, "
       "or state that none were.",
    5: "Say whether you checked reference lists of included studies or searched for citing articles "
       "(and with which tool), or state that you did not.",
    6: "Say whether you contacted authors, experts or manufacturers for further studies or data.",
    7: "Describe any other method used (e.g. hand-searching, text-mining tools), or state that there were none.",
    11: "If any strategy adapts one from an earlier review, cite that review; otherwise state that the "
        "strategies were written for this review.",
    12: "Describe how the searches will be or were updated (e.g. re-running the saved search histories "
        "with SearchCraft before the analysis, or email alerts).",
    14: "Describe any peer review of the strategies (e.g. by a second information specialist using the "
        "PRESS 2015 guideline), or state that there was none.",
    16: "Describe how duplicates were removed (software, settings, any manual checking).",
}

_LIMIT_FIELDS = {"la": "language", "dp": "publication date", "pt": "publication type"}
_FILTER_SIGNS = re.compile(r"randomi[sz]ed controlled trial\[pt\]|controlled clinical trial\[pt\]|"
                           r"placebo\[tiab\]|randomly\[tiab\]|drug therapy\[sh\]|"
                           r"systematic\[sb\]|clinical queries|\bfilter\b", re.IGNORECASE)


@dataclass(frozen=True)
class DatabaseSearch:
    """One database's search with what the history alone cannot say.

    ``history`` is a SearchHistory (``.source.name``, ``.lines``). ``database`` and ``platform``
    default to what the kit knows about the source; ``syntax`` is the query syntax used to look
    for limits; ``final_line`` is the line whose count is the total (default: the last line);
    ``limits`` are limits the searcher applied outside the strategy (e.g. a platform's filter
    buttons), each with its justification.
    """

    history: Any
    database: str = ""
    platform: str = ""
    syntax: str = ""
    final_line: int | None = None
    limits: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not hasattr(self.history, "lines") or not hasattr(self.history, "source"):
            raise ReportError(f"Expected a search history, got {type(self.history).__name__}",
                              hint="Pass a SearchHistory (one per database) to the report.")
        known = KNOWN_SOURCES.get(self.source_name.lower(), (self.source_name, "", "pubmed"))
        object.__setattr__(self, "database", self.database or known[0])
        object.__setattr__(self, "platform", self.platform or known[1])
        object.__setattr__(self, "syntax", self.syntax or known[2])
        object.__setattr__(self, "limits", tuple(self.limits))
        numbers = [line.number for line in self.lines]
        if self.final_line is not None and self.final_line not in numbers:
            raise ReportError(f"{self.database}: there is no line {self.final_line} in the history",
                              hint=f"Choose one of lines {', '.join(map(str, numbers)) or '(none)'}.")

    @property
    def source_name(self) -> str:
        return str(getattr(self.history.source, "name", "") or "unnamed source")

    @property
    def lines(self) -> list:
        return list(self.history.lines)

    @property
    def total(self) -> int | None:
        """Records found by the final line (None for an empty history)."""
        lines = self.lines
        if not lines:
            return None
        if self.final_line is None:
            return lines[-1].count
        return next(line.count for line in lines if line.number == self.final_line)

    @property
    def last_run(self) -> datetime | None:
        dates = [line.run_at for line in self.lines if line.run_at is not None]
        return max(dates) if dates else None


# --- the report's content, as simple blocks both renderers understand --------------------------

@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_headers: bool = True    # the first cell of each row names the row


@dataclass(frozen=True)
class Strategy:
    """A strategy printed exactly as run."""

    caption: str
    text: str


@dataclass(frozen=True)
class FlowFigure:
    """The PRISMA 2020 flow diagram, drawn in HTML and described in words in Markdown."""

    counts: FlowCounts


@dataclass(frozen=True)
class ChecklistItem:
    """One PRISMA-S item as the report fills it in."""

    topic: ChecklistTopic
    status: str
    blocks: tuple[Paragraph | Table | Strategy | FlowFigure, ...]


def _date(moment: datetime | None) -> str:
    return "date not recorded" if moment is None else f"{moment.day} {moment:%B %Y}"


def _detect_limits(search: DatabaseSearch) -> list[tuple[int, str, str]]:
    """``(line, kind, query)`` for every limit the kit can see in a strategy's lines."""
    from ..query import parse
    from ..query.ast import Field, Range, walk

    found: list[tuple[int, str, str]] = []
    earlier: set[int] = set()
    for line in search.lines:
        kinds: list[str] = []
        try:
            tree = parse(line.query, search.syntax, history=set(earlier))
        except Exception:  # a line the parser cannot read is reported as it is, without limits
            tree = None
        if tree is not None:
            for node in walk(tree):
                if isinstance(node, Field):
                    kinds += [_LIMIT_FIELDS[f] for f in node.fields if f in _LIMIT_FIELDS]
                elif isinstance(node, Range):
                    kinds.append("date range")
        if re.search(r"\banimals\[(mh|mesh)\]", line.query, re.IGNORECASE) and " NOT " in line.query.upper():
            kinds.append("humans only")
        if "publication date" in kinds:
            kinds = [k for k in kinds if k != "date range"]
        if kinds:
            found.append((line.number, ", ".join(dict.fromkeys(kinds)), line.query))
        earlier.add(line.number)
    return found


class SearchReport:
    """The PRISMA-S report for one or more database searches.

    ``answers`` maps item numbers to the searcher's own text (e.g. ``{14: "Peer reviewed..."}``);
    an answered item counts as reported. ``deduplication`` is a
    :class:`~searchcraft.report.dedup.Deduplication` for items 15 and 16; ``flow`` adds the PRISMA
    2020 flow diagram (:class:`~searchcraft.report.flow.FlowCounts`) under "Managing records".
    """

    def __init__(self, searches: Iterable[Any], *, title: str = "Search report",
                 deduplication: Deduplication | None = None,
                 answers: Mapping[int, str] | None = None,
                 flow: FlowCounts | None = None) -> None:
        if isinstance(searches, DatabaseSearch) or hasattr(searches, "lines"):
            searches = [searches]              # one history on its own is a report too
        self.searches = [s if isinstance(s, DatabaseSearch) else DatabaseSearch(s) for s in searches]
        if not self.searches:
            raise ReportError("A search report needs at least one search history",
                              hint="Pass a list with one SearchHistory per database searched.")
        self.title = title
        self.deduplication = deduplication
        self.flow = flow
        self.answers = dict(answers or {})
        unknown = sorted(set(self.answers) - {t.number for t in PRISMA_S_ITEMS})
        if unknown:
            raise ReportError(f"PRISMA-S has items 1 to 16; there is no item {unknown[0]}",
                              hint="Key each answer by its PRISMA-S item number.")

    # --- items -----------------------------------------------------------------------------------
    def checklist(self) -> list[ChecklistItem]:
        """The 16 items, each with its status and content."""
        makers = {1: self._databases, 2: self._multi_database, 8: self._strategies, 9: self._limits,
                  10: self._filters, 13: self._dates, 15: self._totals, 16: self._deduplication}
        items = []
        for topic in PRISMA_S_ITEMS:
            status, blocks = makers[topic.number]() if topic.number in makers else (
                TO_COMPLETE, [Paragraph(f"To complete: {_PROMPTS[topic.number]}")])
            answer = self.answers.get(topic.number, "").strip()
            if answer:
                blocks = [Paragraph(answer)] + [b for b in blocks if not (
                    isinstance(b, Paragraph) and b.text.startswith("To complete"))]
                status = REPORTED
            items.append(ChecklistItem(topic, status, tuple(blocks)))
        return items

    def _databases(self):
        rows = tuple((s.database, s.platform or "To complete: name the platform", s.source_name)
                     for s in self.searches)
        return REPORTED, [Table("Databases searched", ("Database", "Platform", "SearchCraft source"), rows)]

    def _multi_database(self):
        text = ["Each strategy below was run on one database at a time."]
        if any(s.source_name.lower() == "europepmc" for s in self.searches):
            text.append("Europe PMC indexes all of PubMed together with other content (for example "
                        "preprints, patents and Agricola); say which of its sources you included.")
            return CHECK, [Paragraph(" ".join(text))]
        return REPORTED, [Paragraph(" ".join(text))]

    def _strategies(self):
        blocks: list = []
        for s in self.searches:
            lines = s.lines
            blocks.append(Paragraph(f"{s.database}: {len(lines)} line{'s' if len(lines) != 1 else ''}, "
                                    f"run on {_date(s.last_run)}."))
            blocks.append(Table(f"Search strategy for {s.database}", ("#", "Search", "Results"),
                                tuple((str(line.number), line.query, f"{line.count:,}") for line in lines)))
            text = s.history.to_text() if hasattr(s.history, "to_text") else "\n".join(
                f"{line.number}. {line.query}" for line in lines)
            blocks.append(Strategy(f"{s.database}, exactly as run (to copy)", text))
            sent = [(line.number, getattr(line, "expanded", "") or "") for line in lines]
            if any(expanded and expanded != line.query for (_, expanded), line in zip(sent, lines, strict=True)):
                # a live source gets each #N written out: show what the database itself received
                blocks.append(Strategy(f"{s.database}, as sent to the database with #N written out",
                                       "\n".join(f"{n}. {expanded or line.query}"
                                                 for (n, expanded), line in zip(sent, lines, strict=True))))
        return REPORTED, blocks

    def _limits(self):
        blocks: list = []
        any_limit = False
        for s in self.searches:
            detected = _detect_limits(s)
            rows = [(s.database, f"line {n}: {kind}", query) for n, kind, query in detected]
            rows += [(s.database, "stated by the searcher", limit) for limit in s.limits]
            if rows:
                any_limit = True
                blocks.append(Table(f"Limits in {s.database}", ("Database", "Limit", "Where"), tuple(rows)))
        if any_limit:
            blocks.append(Paragraph("To complete: give the reason for each limit (PRISMA-S asks for a "
                                    "justification), and add any limit set outside the strategy."))
        else:
            blocks.append(Paragraph("No limits were found in the strategies. Check: confirm that no limits "
                                    "(dates, language, study design) were set in the database's interface."))
        return CHECK, blocks

    def _filters(self):
        rows = [(s.database, f"line {line.number}", line.query) for s in self.searches for line in s.lines
                if _FILTER_SIGNS.search(line.query)]
        if rows:
            return CHECK, [Table("Lines that look like a published search filter",
                                 ("Database", "Line", "Search"), tuple(rows)),
                           Paragraph("To complete: if these lines are a published filter (e.g. the Cochrane "
                                     "Highly Sensitive Search Strategy for randomised trials), cite it and say "
                                     "whether you changed it; otherwise say that no filter was used.")]
        return TO_COMPLETE, [Paragraph("To complete: the kit saw no published search filter. State that none "
                                       "was used, or cite the filter(s) and any changes made.")]

    def _dates(self):
        rows = tuple((s.database, _date(s.last_run)) for s in self.searches)
        status = REPORTED if all(s.last_run for s in self.searches) else CHECK
        return status, [Table("Date each search was last run", ("Database", "Last run"), rows)]

    def _totals(self):
        rows = [(s.database, "—" if s.total is None else f"{s.total:,}") for s in self.searches]
        known = [s.total for s in self.searches if s.total is not None]
        rows.append(("Total", f"{sum(known):,}"))
        blocks: list = [Table("Records found in each database (final line of each strategy)",
                              ("Database", "Records"), tuple(rows))]
        if self.deduplication is not None:
            blocks.append(Paragraph(f"Records exported for deduplication: {self.deduplication.before:,}."))
        return REPORTED, blocks

    def _deduplication(self):
        d = self.deduplication
        figure = [FlowFigure(self.flow)] if self.flow is not None else []
        if d is None:
            return TO_COMPLETE, [Paragraph(f"To complete: {_PROMPTS[16]}"), *figure]
        from .. import __version__
        rules = (f"Records were deduplicated with SearchCraft {__version__}. Records with the same DOI or "
                 "PubMed ID were treated as one; other records were compared on title (ignoring case, "
                 "accents, punctuation and British or American spelling), year, first author and first "
                 f"page, and merged when their score reached {d.threshold:.2f} on a scale of 0 to 1. "
                 "Different DOIs, years more than one apart, different numbers in the titles, and notices "
                 "such as errata always kept records apart.")
        rows = tuple((c.source, f"{c.identified:,}", f"{c.kept:,}", f"{c.unique:,}")
                     for c in d.per_source.values())
        rows += (("All sources", f"{d.before:,}", f"{d.after:,}", ""),)
        return REPORTED, [Paragraph(rules), Paragraph(d.summary()),
                          Table("Records before and after deduplication",
                                ("Source", "Identified", "Kept", "Found only here"), rows), *figure]

    # --- output ----------------------------------------------------------------------------------
    def to_markdown(self) -> str:
        """The report as Markdown (GitHub-flavoured tables)."""
        items = self.checklist()
        out = [f"# {_md_text(self.title)}", "",
               "Reported with the PRISMA-S checklist (Rethlefsen ML et al. Systematic Reviews "
               "2021;10:39). Items marked *to complete* need the searcher's own words; items marked "
               "*check* were filled in by SearchCraft and need confirming.", "",
               "## Checklist", "", _md_table(("Item", "Topic", "Status"),
                                            [(str(i.topic.number), i.topic.name, i.status) for i in items])]
        section = None
        for item in items:
            if item.topic.section != section:
                section = item.topic.section
                out += ["", f"## {section}"]
            out += ["", f"### {item.topic.number}. {item.topic.name} ({item.status})", "",
                    f"*{_md_text(item.topic.asks)}*"]
            for block in item.blocks:
                out.append("")
                if isinstance(block, Paragraph):
                    out.append(_md_text(block.text))
                elif isinstance(block, Table):
                    out += [f"**{_md_text(block.caption)}**", "", _md_table(block.headers, block.rows)]
                elif isinstance(block, FlowFigure):
                    out += ["**Figure: PRISMA 2020 flow diagram**", "", _md_text(describe_flow(block.counts)),
                            "", "Draw it as an image with `searchcraft report flow` or `write_flow()`."]
                else:
                    fence = "`" * max(3, _longest_run(block.text, "`") + 1)
                    out += [f"**{_md_text(block.caption)}**", "", fence + "text", block.text, fence]
        return "\n".join(out) + "\n"

    def to_html(self) -> str:
        """The report as a complete, accessible HTML page (``lang="en-GB"``, headed tables)."""
        e = html.escape
        items = self.checklist()
        body = [f"<h1>{e(self.title)}</h1>",
                "<p>Reported with the PRISMA-S checklist (Rethlefsen ML et al. <cite>Systematic Reviews</cite> "
                "2021;10:39). Items marked <strong>to complete</strong> need the searcher's own words; items "
                "marked <strong>check</strong> were filled in by SearchCraft and need confirming.</p>",
                '<section aria-labelledby="checklist">', '<h2 id="checklist">Checklist</h2>',
                _html_table(Table("PRISMA-S items and their status", ("Item", "Topic", "Status"),
                                  tuple((str(i.topic.number), i.topic.name, i.status) for i in items))),
                "</section>"]
        section = None
        for item in items:
            if item.topic.section != section:
                if section is not None:
                    body.append("</section>")
                section = item.topic.section
                slug = re.sub(r"[^a-z]+", "-", section.lower()).strip("-")
                body += [f'<section aria-labelledby="{slug}">', f'<h2 id="{slug}">{e(section)}</h2>']
            body.append(f'<h3 id="item-{item.topic.number}">{item.topic.number}. {e(item.topic.name)} '
                        f'<span class="status status-{item.status.replace(" ", "-")}">({e(item.status)})</span></h3>')
            body.append(f'<p class="asks"><em>{e(item.topic.asks)}</em></p>')
            for block in item.blocks:
                if isinstance(block, Paragraph):
                    css = ' class="to-complete"' if block.text.startswith("To complete") else ""
                    body.append(f"<p{css}>{e(block.text)}</p>")
                elif isinstance(block, Table):
                    body.append(_html_table(block))
                elif isinstance(block, FlowFigure):
                    svg = render_flow(block.counts, "svg").decode("utf-8")
                    svg = svg[svg.index("<svg"):]          # inline: no XML prolog or DOCTYPE
                    body.append(f"<figure>{svg}<figcaption>PRISMA 2020 flow diagram</figcaption></figure>")
                else:
                    body.append(f"<figure><figcaption>{e(block.caption)}</figcaption>"
                                f"<pre><code>{e(block.text)}</code></pre></figure>")
        body.append("</section>")
        return ("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{e(self.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
                + "\n".join(body) + "\n</main>\n</body>\n</html>\n")

    def _repr_markdown_(self) -> str:   # shown as formatted text in a notebook
        return self.to_markdown()

    def write(self, path: str | os.PathLike) -> Path:
        """Write the report atomically as HTML (``.html``/``.htm``) or Markdown (``.md``)."""
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix in (".html", ".htm"):
            write_atomically(target, self.to_html())
        elif suffix in (".md", ".markdown"):
            write_atomically(target, self.to_markdown())
        else:
            raise ReportError(f"Cannot tell which format to write {target.name} in",
                              hint="End the file name in .html or .md.")
        return target


_CSS = ("body{font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:60rem;margin:auto;"
        "padding:1rem}table{border-collapse:collapse;margin:0.5rem 0 1rem}th,td{border:1px solid #555;"
        "padding:0.3rem 0.5rem;text-align:left;vertical-align:top}caption{text-align:left;font-weight:bold}"
        "figure "
        "svg{max-width:100%;height:auto}pre{background:#f4f4f4;padding:0.5rem;overflow-x:auto;white-space:pre-wrap}"
        ".to-complete{border-left:4px solid #b35900;padding-left:0.5rem}.status{font-weight:normal}")


def _md_text(text: str) -> str:
    """Escape the characters Markdown would read as formatting in running text."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(f"{re.escape(char)}+", text)
    return max((len(r) for r in runs), default=0)


def _md_cell(text: str) -> str:
    return _md_text(text).replace("\n", " ")


def _md_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(_md_cell(h) for h in headers) + " |",
             "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _html_table(table: Table) -> str:
    e = html.escape
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in table.headers)
    rows = []
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            if i == 0 and table.row_headers:
                cells.append(f'<th scope="row">{e(cell)}</th>')
            else:
                cells.append(f"<td>{e(cell)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<table>\n<caption>{e(table.caption)}</caption>\n<thead><tr>{head}</tr></thead>\n"
            "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
