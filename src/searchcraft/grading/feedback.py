"""Feedback for learners that never shows the hidden tests.

Why: nbgrader puts hidden tests back into the autograded notebook and its ``generate_feedback``
copies them, and the tracebacks that quote them, into the learner's HTML (nbgrader issue #917,
"by design"). Learners who resubmit, or next year's cohort, would then see the answers.
:class:`HideHiddenTests` runs before nbgrader renders feedback: in every cell that contains a hidden
block, the block is replaced by a one-line note, and error outputs keep only the error's name and
message (the traceback would quote the hidden lines).

Example::

    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> nb = new_notebook(cells=[new_code_cell("assert a\\n### BEGIN HIDDEN TESTS\\nassert b == 2\\n### END HIDDEN TESTS")])
    >>> nb, _ = HideHiddenTests().preprocess(nb, {})
    >>> "assert b" in nb.cells[0].source
    False
"""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

HIDDEN_NOTE = "# (hidden tests: not shown)"


class HideHiddenTests(NbGraderPreprocessor):
    """Remove hidden test blocks, and tracebacks that quote them, from feedback notebooks."""

    begin_test_delimeter = Unicode("BEGIN HIDDEN TESTS").tag(config=True)
    end_test_delimeter = Unicode("END HIDDEN TESTS").tag(config=True)

    def preprocess(self, nb, resources):
        for cell in nb.cells:
            if cell.cell_type != "code" or self.begin_test_delimeter not in cell.source:
                continue
            cell.source = self.strip(cell.source)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
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
