"""Accessible SVG charts written by plain Python, so they draw the same in JupyterLab and in the browser.

The learner's diagrams (Venn, skills radar, team profile, PRISMA flow) must work where no compiled
package can be installed: Pyodide on the published site has no matplotlib. SVG is text, so the
standard library is enough. Every chart made here:

- is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``
  (``aria-labelledby`` points at both), so a screen reader announces what the picture shows;
- keeps its labels as ``<text>`` (readable, searchable, selectable; never paths);
- has a ``viewBox`` and no fixed width, so it shrinks to a phone's width and never grows past its
  natural size.

Text is measured with the advance widths of DejaVu Sans (the widest of the usual sans-serif fonts;
the chart asks for it first), so wrapped labels fit their boxes whatever font the reader has.

Example::

    >>> svg = svg_chart("Ratings", "Two bars: 3 and 4.", 200, 100, '<text x="10" y="20">3</text>')
    >>> svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" role="img"')
    True
    >>> round(text_width("Records", 10), 1)
    40.4
"""

from __future__ import annotations

import importlib
from itertools import count
from types import ModuleType

from .errors import MissingExtraError

FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, Helvetica, sans-serif"


# What xml.sax.saxutils.escape and quoteattr do, written out: importing xml.sax.saxutils brings in
# urllib.request, http.client and email (a seventh of a page's start-up imports in the browser).
def escape(data: str) -> str:
    """Text made safe inside an XML element.

    >>> escape("recall < 1 & precision > 0")
    'recall &lt; 1 &amp; precision &gt; 0'
    """
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(data: str) -> str:
    """An XML attribute value with its quotes (double unless the value holds double quotes).

    >>> print(quoteattr("Arial, sans-serif"), quoteattr('say "hi"'))
    "Arial, sans-serif" 'say "hi"'
    """
    data = escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"{}"'.format(data.replace('"', "&quot;"))

# Advance widths (thousandths of an em) of DejaVu Sans Book and Bold for these characters, read from
# the font files with FreeType (matplotlib.ft2font, size 1000, no hinting).
_CHARACTERS = (' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz'
               '{|}~£€–—‘’“”…·•×÷°±µ©®éèêëàâäçîïôöùûüñÉÈÀÇÖÜáíóúÁÍÓÚ→←≤≥')
_NORMAL = (318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636,
           636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775,
           752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390,
           337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
           635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838, 636, 636, 500, 1000, 318,
           318, 518, 518, 1000, 318, 590, 838, 838, 500, 838, 636, 1000, 1000, 615, 615, 615, 615, 613, 613, 613,
           550, 278, 278, 612, 612, 634, 634, 634, 634, 632, 632, 684, 698, 787, 732, 613, 278, 612, 634, 684,
           295, 787, 732, 838, 838, 838, 838)
_BOLD = (348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696,
         696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372,
         372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838,
         500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595,
         478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838, 696, 696, 500, 1000, 380, 380, 657, 657, 1000, 380,
         639, 838, 838, 500, 838, 736, 1000, 1000, 678, 678, 678, 678, 675, 675, 675, 593, 343, 343, 687, 687, 712,
         712, 712, 712, 683, 683, 774, 734, 850, 812, 675, 343, 687, 712, 774, 372, 850, 812, 838, 838, 838, 838)
_WIDTHS = {False: dict(zip(_CHARACTERS, _NORMAL, strict=True)), True: dict(zip(_CHARACTERS, _BOLD, strict=True))}
_UNKNOWN = 1000   # a character not in the table counts as a full em, so text is never under-measured

_CHART_NUMBERS = count(1)   # element ids must be unique when several charts share a page


def text_width(text: str, size: float, bold: bool = False) -> float:
    """How wide ``text`` is at font ``size`` (in the same unit as ``size``), in DejaVu Sans."""
    widths = _WIDTHS[bold]
    return sum(widths.get(ch, _UNKNOWN) for ch in text) * size / 1000


def wrap_text(text: str, width: float, size: float, bold: bool = False, *, indent: str = "",
              hanging: str = "") -> list[str]:
    """Greedy word wrap to ``width``; a word too long for a line is cut where it must be.

    Continuation lines are indented two spaces more than ``indent``. ``\\u00a0`` glues words together
    (printed as a plain space), so a count such as ``(n = 1,200)`` is never split.

    Example::

        >>> wrap_text("Reports sought for retrieval", 90, 10, hanging="  ")
        ['Reports sought', '  for retrieval']
    """
    lines: list[str] = []

    def prefix() -> str:
        return indent if not lines else indent + hanging

    def fits(candidate: str) -> bool:
        return text_width((prefix() + candidate).replace("\u00a0", " "), size, bold) <= width

    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if fits(trial):
            current = trial
            continue
        if current:
            lines.append(prefix() + current)
        while not fits(word) and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and not fits(word[:cut]):
                cut -= 1
            lines.append(prefix() + word[:cut])
            word = word[cut:]
        current = word
    lines.append(prefix() + current)
    return [line.replace("\u00a0", " ") for line in lines]


def new_id(prefix: str) -> str:
    """An element id not used by any other chart drawn in this Python session (``"radar3"``)."""
    return f"{prefix}{next(_CHART_NUMBERS)}"


def svg_chart(title: str, description: str, width: float, height: float, body: str, *,
              uid: str | None = None, lang: str = "en-GB") -> str:
    """Wrap drawn ``body`` in an accessible, scalable ``<svg>`` element.

    ``width`` and ``height`` are the drawing's own units (the ``viewBox``); the chart takes the width
    of its container up to ``width`` CSS pixels and keeps its proportions.
    """
    uid = uid or new_id("chart")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {number(width)} {number(height)}" '
            f'role="img" aria-labelledby="{uid}-title {uid}-desc" lang="{lang}" '
            f'style="display:block;width:100%;max-width:{number(width)}px;height:auto" '
            f'font-family={quoteattr(FONT_FAMILY)}>'
            f'<title id="{uid}-title">{escape(title)}</title>'
            f'<desc id="{uid}-desc">{escape(description)}</desc>{body}</svg>')


def text(x: float, y: float, content: str, *, size: float = 12, anchor: str = "start", bold: bool = False,
         fill: str = "#1a1a1a", baseline: str | None = None, extra: str = "") -> str:
    """One ``<text>`` label (escaped)."""
    attributes = f'x="{number(x)}" y="{number(y)}" font-size="{number(size)}" fill="{fill}"'
    if anchor != "start":
        attributes += f' text-anchor="{anchor}"'
    if bold:
        attributes += ' font-weight="bold"'
    if baseline:
        attributes += f' dominant-baseline="{baseline}"'
    if extra:
        attributes += " " + extra
    return f"<text {attributes}>{escape(content)}</text>"


def number(value: float) -> str:
    """A coordinate written briefly: ``12``, ``12.5``, never ``12.000000001``."""
    rounded = round(float(value), 2)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:g}"


def tutor_matplotlib(purpose: str) -> ModuleType:
    """matplotlib, for a tutor's PNG; a clear error naming the extra if absent.

    matplotlib is optional: nothing on the learner's path needs it (it has no pure-Python wheel, so
    it cannot run on the published site). Example::

        matplotlib = tutor_matplotlib("Drawing the flow diagram as PNG")
    """
    try:
        matplotlib = importlib.import_module("matplotlib")
    except ImportError:
        raise MissingExtraError(
            f"{purpose} needs matplotlib, which is not installed",
            hint='Install the tutors\' extra: pip install "searchcraft[tutor]" (or write an .svg instead, '
                 "which needs nothing extra).") from None
    return matplotlib


__all__ = ["FONT_FAMILY", "tutor_matplotlib", "text_width", "wrap_text", "new_id", "svg_chart", "text", "number"]
