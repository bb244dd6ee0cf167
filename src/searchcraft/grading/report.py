"""An HTML page for the tutor: how the cohort did, item by item, with plots.

Why: after autograding a tutor wants to see at a glance the spread of marks, which questions most
learners missed (item difficulty: the share of available marks the cohort earned), and for search
exercises scored against a gold set, the cohort's recall and precision. One self-contained file
(plots embedded as PNG, each with alt text; tables with headers) that opens anywhere.

Search exercises report their score by displaying :func:`evaluation_output` in a test cell::

    from searchcraft.grading.report import evaluation_output
    display(evaluation_output("falls-older-adults", gold.evaluate(result)), raw=True)

Example::

    Course("assessments").report("search-05-boolean-logic", Path("report.html"))
"""

from __future__ import annotations

import base64
import html
import io
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from ..files import write_atomically

EVALUATION_MIME = "application/vnd.searchcraft.evaluation+json"


def evaluation_output(gold_set: str, evaluation) -> dict:
    """A display bundle recording a GoldSet evaluation, for the tutor's report to collect."""
    data = {"gold_set": gold_set, "recall": float(evaluation.recall),
            "precision": float(evaluation.precision)}
    text = f"{gold_set}: recall {data['recall']:.0%}, precision {data['precision']:.0%}"
    return {EVALUATION_MIME: data, "text/plain": text}


@dataclass
class CohortData:
    """What the report shows, read from the gradebook and the autograded notebooks."""

    assignment: str
    max_score: float
    scores: dict[str, float]
    items: dict[str, tuple[float, float, int]]  # grade id -> (mean score, max score, learners)
    evaluations: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    flagged: list[str] = field(default_factory=list)


def read_cohort(course_root: Path, gradebook: Path, assignment: str) -> CohortData:
    """Scores per learner and per graded cell, and any gold-set evaluations in the outputs."""
    import nbformat
    from nbgrader.api import Gradebook

    scores: dict[str, float] = {}
    per_item: dict[str, list[float]] = {}
    maxima: dict[str, float] = {}
    flagged = []
    with Gradebook(f"sqlite:///{gradebook}") as book:
        record = book.find_assignment(assignment)
        max_score = float(record.max_score)
        for submission in record.submissions:
            scores[submission.student.id] = float(submission.score)
            for notebook in submission.notebooks:
                if notebook.flagged:
                    flagged.append(submission.student.id)
                for grade in notebook.grades:
                    key = f"{notebook.name}: {grade.name}" if len(record.notebooks) > 1 else grade.name
                    per_item.setdefault(key, []).append(float(grade.score))
                    maxima[key] = float(grade.max_score)
    items = {k: (statistics.fmean(v), maxima[k], len(v)) for k, v in sorted(per_item.items())}
    evaluations: dict[str, list[tuple[float, float]]] = {}
    for path in sorted((course_root / "autograded").glob(f"*/{assignment}/*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            continue
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {}).get(EVALUATION_MIME)
                if isinstance(data, dict) and "gold_set" in data:
                    evaluations.setdefault(data["gold_set"], []).append(
                        (float(data.get("recall", 0)), float(data.get("precision", 0))))
    return CohortData(assignment, max_score, scores, items, evaluations, sorted(set(flagged)))


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(alt: str, draw, height: float = 3.2) -> str:
    from ..charts import tutor_matplotlib

    matplotlib = tutor_matplotlib("Drawing the plots of the grading report")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6.4, height))
    draw(axes)
    figure.tight_layout()
    data = _png(figure)
    plt.close(figure)
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" width="640">'


def render_report(data: CohortData) -> str:
    """The whole HTML page (pure apart from drawing the plots)."""
    e = html.escape
    values = list(data.scores.values())
    mean = statistics.fmean(values) if values else 0.0
    median = statistics.median(values) if values else 0.0
    parts = [f"<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
             f"<title>Cohort report: {e(data.assignment)}</title><style>"
             "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}"
             "table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #888;padding:.3rem "
             ".6rem;text-align:left}"
             "th{background:#eef}td.n{text-align:right}</style></head><body><main>",
             f"<h1>Cohort report: {e(data.assignment)}</h1>",
             f"<p>{len(values)} submission(s); maximum {data.max_score:g} marks; mean {mean:.1f}; "
             f"median {median:.1f}. {len(data.flagged)} flagged for review.</p>",
             "<h2>Score distribution</h2>"]
    if values:
        alt = (f"Histogram of total scores for {data.assignment}: {len(values)} learners, "
               f"mean {mean:.1f} of {data.max_score:g}, lowest {min(values):g}, highest {max(values):g}.")
        parts.append(_figure(alt, lambda ax: (
            ax.hist(values, bins=max(1, min(20, int(data.max_score) + 1)),
                    range=(-0.5, max(data.max_score, 1) + 0.5), color="#3465a4", edgecolor="white"),
            ax.set_xlabel("Score"), ax.set_ylabel("Learners"))))
    parts.append("<h2>Item difficulty</h2><p>The share of available marks the cohort earned on each "
                 "graded cell: low values are the questions most learners found hard.</p>")
    if data.items:
        names = list(data.items)
        shares = [m / mx if mx else 0.0 for m, mx, _ in data.items.values()]
        hardest = names[shares.index(min(shares))]
        alt = (f"Bar chart of the share of marks earned per item; the hardest item is {hardest} "
               f"at {min(shares):.0%}.")
        parts.append(_figure(alt, lambda ax: (
            ax.barh(names, shares, color="#73a839"), ax.set_xlim(0, 1), ax.invert_yaxis(),
            ax.set_xlabel("Share of marks earned")), height=min(8.0, 1.2 + 0.35 * len(names))))
        parts.append("<table><caption>Item difficulty</caption><thead><tr><th scope=\"col\">Item</th>"
                     "<th scope=\"col\">Mean score</th><th scope=\"col\">Maximum</th>"
                     "<th scope=\"col\">Share earned</th><th scope=\"col\">Learners</th></tr></thead><tbody>")
        for (name, (m, mx, n)), share in zip(data.items.items(), shares, strict=True):
            parts.append(f"<tr><th scope=\"row\">{e(name)}</th><td class=n>{m:.2f}</td><td class=n>{mx:g}</td>"
                         f"<td class=n>{share:.0%}</td><td class=n>{n}</td></tr>")
        parts.append("</tbody></table>")
    if data.evaluations:
        parts.append("<h2>Search exercises: recall and precision</h2>")
        parts.append("<table><caption>Recall and precision against each gold set</caption><thead><tr>"
                     "<th scope=\"col\">Gold set</th><th scope=\"col\">Learners</th>"
                     "<th scope=\"col\">Mean recall</th><th scope=\"col\">Mean precision</th></tr></thead><tbody>")
        for name, pairs in sorted(data.evaluations.items()):
            parts.append(f"<tr><th scope=\"row\">{e(name)}</th><td class=n>{len(pairs)}</td>"
                         f"<td class=n>{statistics.fmean(p[0] for p in pairs):.0%}</td>"
                         f"<td class=n>{statistics.fmean(p[1] for p in pairs):.0%}</td></tr>")
        parts.append("</tbody></table>")
        for name, pairs in sorted(data.evaluations.items()):
            alt = (f"Scatter plot of recall against precision for gold set {name}, one point per learner; "
                   f"mean recall {statistics.fmean(p[0] for p in pairs):.0%}.")
            parts.append(f"<h3>{e(name)}</h3>")
            parts.append(_figure(alt, lambda ax, pairs=pairs: (
                ax.scatter([p[1] for p in pairs], [p[0] for p in pairs], color="#c4a000"),
                ax.set_xlim(0, 1.02), ax.set_ylim(0, 1.02), ax.set_xlabel("Precision"),
                ax.set_ylabel("Recall"))))
    if data.flagged:
        parts.append("<h2>Flagged for review</h2><ul>")
        parts += [f"<li>{e(s)}</li>" for s in data.flagged]
        parts.append("</ul>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def write_report(course_root: Path, gradebook: Path, assignment: str, path: Path) -> Path:
    """Write the tutor's HTML report for ``assignment`` to ``path``."""
    write_atomically(path, render_report(read_cohort(course_root, gradebook, assignment)))
    return path
