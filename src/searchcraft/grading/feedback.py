"""Feedback for learners that never shows the hidden tests.

Why: nbgrader puts hidden tests back into the autograded notebook and its ``generate_feedback``
copies them, and the tracebacks that quote them, into the learner's HTML (nbgrader issue #917,
"by design"). Learners who resubmit, or next year's cohort, would then see the answers.
:class:`HideHiddenTests` runs before nbgrader renders feedback: in every cell that contains a hidden
block, the block is replaced by a one-line note, and error outputs keep only the error's name and
message (the traceback would quote the hidden lines).

Example::

    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> source = "assert a\\n### BEGIN HIDDEN TESTS\\nassert b == 2\\n### END HIDDEN TESTS"
    >>> nb = new_notebook(cells=[new_code_cell(source)])
    >>> nb, _ = HideHiddenTests().preprocess(nb, {})
    >>> "assert b" in nb.cells[0].source
    False
"""

from __future__ import annotations

import html
import json
import re

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

HIDDEN_NOTE = "# (hidden tests: not shown)"


HIDDEN_OUTPUT = "(hidden)"
HIDDEN_FAILURE = "a hidden test failed (its details are not shown)"


class HideHiddenTests(NbGraderPreprocessor):
    """Remove hidden test blocks from sources, and every trace of them from every output.

    Every output of every cell (streams, results, display data, errors' names, messages and
    tracebacks) is cleaned of each hidden test line, each string written in a hidden test (an
    ``assert``'s message states the answer) and the hidden-test markers themselves; so whatever
    a learner's code printed, and however, no hidden test text is returned.
    """

    begin_test_delimeter = Unicode("BEGIN HIDDEN TESTS").tag(config=True)
    end_test_delimeter = Unicode("END HIDDEN TESTS").tag(config=True)

    def preprocess(self, nb, resources):
        secrets = hidden_texts(nb, self.begin_test_delimeter, self.end_test_delimeter)
        for cell in nb.cells:
            has_hidden = cell.cell_type == "code" and self.begin_test_delimeter in cell.source
            if has_hidden:
                cell.source = self.strip(cell.source)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and has_hidden:
                    evalue = str(output.get("evalue", ""))
                    if scrub(evalue, secrets) != evalue or _failed_in_hidden(output, secrets):
                        output["evalue"] = HIDDEN_FAILURE
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {output['evalue']}"]
                clean_output(output, secrets)
        return nb, resources

    def strip(self, source: str) -> str:
        """``source`` with each hidden block (delimiters included) replaced by one note line."""
        kept: list[str] = []
        hiding = False
        for line in source.splitlines():
            if self.begin_test_delimeter in line:
                hiding = True
                kept.append(line[: len(line) - len(line.lstrip())] + HIDDEN_NOTE)
            elif self.end_test_delimeter in line:
                hiding = False
            elif not hiding:
                kept.append(line)
        return "\n".join(kept)


def hidden_texts(nb, begin: str = "BEGIN HIDDEN TESTS", end: str = "END HIDDEN TESTS") -> list[str]:
    """Every text that must never be returned: hidden lines, their string literals, the markers.

    Longest first, so a line is removed before a literal inside it.
    """
    found: set[str] = {begin, end}
    for cell in nb.cells:
        if cell.get("cell_type") != "code" or begin not in cell.get("source", ""):
            continue
        hiding = False
        block: list[str] = []
        for line in cell.source.splitlines():
            if begin in line:
                hiding = True
            elif end in line:
                hiding = False
            elif hiding:
                block.append(line)
                if len(line.strip()) >= 6:
                    found.add(line.strip())
        found.update(_string_literals("\n".join(block)))
    texts = {t for t in found if len(t) >= 4}
    texts |= {html.escape(t) for t in texts} | {html.escape(t, quote=False) for t in texts}
    texts |= {json.dumps(t)[1:-1] for t in list(texts)}
    return sorted(texts, key=len, reverse=True)


def _string_literals(source: str) -> set[str]:
    import ast
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:  # a fragment that does not parse on its own: take quoted texts
        pairs = re.findall(r"'([^'\n]{4,})'|\"([^\"\n]{4,})\"", source)
        return {(a or b).strip() for a, b in pairs}
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value.strip()) >= 4:
            out.add(node.value.strip())
    return out


def scrub(text: str, secrets: list[str]) -> str:
    """``text`` with every secret replaced by ``(hidden)``."""
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, HIDDEN_OUTPUT)
    return text


def _failed_in_hidden(output, secrets: list[str]) -> bool:
    traceback = "\n".join(map(str, output.get("traceback", [])))
    plain = re.sub(r"\x1b\[[0-9;]*m", "", traceback)
    return any(secret in plain for secret in secrets)


def clean_output(output, secrets: list[str]) -> None:
    """Scrub every string inside one output (streams, data of any MIME type, errors)."""
    for key in ("text", "evalue", "ename"):
        if isinstance(output.get(key), str):
            output[key] = scrub(output[key], secrets)
    if isinstance(output.get("traceback"), list):
        output["traceback"] = [scrub(str(line), secrets) for line in output["traceback"]]
    for field in ("data", "metadata"):
        if isinstance(output.get(field), dict):
            output[field] = _scrub_value(output[field], secrets)


def _scrub_value(value, secrets):
    if isinstance(value, str):
        return scrub(value, secrets)
    if isinstance(value, list):
        return [_scrub_value(v, secrets) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_value(v, secrets) for k, v in value.items()}
    return value


def clean_returned_files(folder, secrets: list[str]) -> list[str]:
    """Check every file under a learner's feedback folder; scrub or remove what shows hidden tests.

    Returns notes for the tutor. Links and other non-regular files are removed; a text file that
    shows a secret is rewritten without it (never through a link); a binary one is removed.
    """
    import os
    import stat
    from pathlib import Path

    from .safe_copy import entry_kind, write_new_file

    notes: list[str] = []
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            mode = os.lstat(path).st_mode
            if stat.S_ISDIR(mode):
                continue
            relative = path.relative_to(folder)
            if not stat.S_ISREG(mode):
                os.unlink(path)
                notes.append(f"{relative}: removed ({entry_kind(mode)})")
                continue
            data = path.read_bytes()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                if any(s.encode("utf-8") in data for s in secrets):
                    os.unlink(path)
                    notes.append(f"{relative}: removed (it contained hidden test text)")
                continue
            cleaned = scrub(text, secrets)
            if cleaned != text:
                write_new_file(path, cleaned.encode("utf-8"))
                notes.append(f"{relative}: hidden test text removed")
    return notes
