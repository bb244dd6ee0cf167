"""Running a course page's code in the learner's browser (Pyodide), with its widgets live in the page.

The published site already draws every widget with the Jupyter widget manager it vendors from npm
(``@jupyter-widgets/html-manager``). This module is the Python half of a small bridge to it: widget
messages that ipywidgets would send to a Jupyter kernel's front end go straight to that manager in
the same page, and the manager's messages come straight back. There is no kernel, no worker and no
second copy of the page: the page the learner is reading comes alive in place.

The JavaScript half is ``_assets/live-python.js``; it calls :func:`start` once, then
:func:`run_cell` for each code cell, and :func:`deliver` for each message from a widget view.

Only the standard library, ``comm``, ``traitlets`` and ``ipywidgets`` are needed. ipywidgets imports a
handful of IPython names (``get_ipython``, ``display``, ``clear_output``); :func:`install_ipython_stand_in`
provides just those, which saves the learner downloading IPython, jedi and pygments (about 10 MB).

Example (what the page does, in outline)::

    start(send=js_send, output=js_output, page="modules/km-02/learning-before-doing", store=localStorage)
    run_cell("cell-3", 'from searchcraft.widgets import Quiz\\nQuiz("quiz.yml")')
"""

from __future__ import annotations

import ast
import json
import logging
import sys
import traceback
import types
from collections.abc import Callable
from typing import Any

from . import browser_storage

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Cell variables a learner may edit in a text box on the page ("edit this strategy").
EDITABLE_NAMES = ("strategy", "query", "search")


class _Page:
    send: Callable[..., Any] | None = None      # JS: (json_message, buffers) -> None
    output: Callable[..., Any] | None = None    # JS: (cell, kind, json_payload) -> None
    download: Callable[..., Any] | None = None  # JS: (file_name, bytes) -> None
    cell = ""
    namespace: dict[str, Any] = {}


_page = _Page()


def _to_js_buffers(buffers: list | None) -> Any:
    if not buffers:
        return None
    try:
        from pyodide.ffi import to_js  # type: ignore[import-not-found]
    except ImportError:  # tests under CPython
        return [bytes(b) for b in buffers]
    return to_js([memoryview(b).cast("B").tobytes() for b in buffers])


def _emit(kind: str, payload: Any) -> None:
    if _page.output is not None:
        _page.output(_page.cell, kind, json.dumps(payload))


# ---- display, for ipywidgets and for the page's own code ------------------------------------------------

def format_display(obj: Any) -> dict[str, Any]:
    """The MIME bundle for an object, as Jupyter's front ends receive it."""
    if hasattr(obj, "_repr_mimebundle_"):
        bundle = obj._repr_mimebundle_()
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        if bundle:
            return dict(bundle)
    parts: dict[str, Any] = {}
    for method, mime in (("_repr_html_", "text/html"), ("_repr_svg_", "image/svg+xml"),
                         ("_repr_markdown_", "text/markdown")):
        if hasattr(obj, method):
            value = getattr(obj, method)()
            if value is not None:
                parts[mime] = value[0] if isinstance(value, tuple) else value
    parts["text/plain"] = repr(obj)
    return parts


def display(*objs: Any, raw: bool = False, **_options: Any) -> None:
    """Show objects in the output of the cell that is running (``IPython.display.display``)."""
    for obj in objs:
        _emit("display", obj if raw else format_display(obj))


def clear_output(wait: bool = False) -> None:
    """Clear the running cell's output (``IPython.display.clear_output``)."""
    _emit("clear", {})


class _Rich:
    mime = "text/plain"

    def __init__(self, data: str | None = None, *, filename: str | None = None, **_: Any) -> None:
        if data is None and filename:
            with open(filename, encoding="utf-8") as stream:
                data = stream.read()
        self.data = data or ""

    def _repr_mimebundle_(self, **_: Any) -> dict[str, str]:
        return {self.mime: self.data, "text/plain": f"<{type(self).__name__} object>"}


class HTML(_Rich):
    mime = "text/html"


class Markdown(_Rich):
    mime = "text/markdown"


class SVG(_Rich):
    mime = "image/svg+xml"


def install_ipython_stand_in() -> None:
    """Register a minimal ``IPython`` (no shell) with just the names ipywidgets and the course use."""
    if "IPython" in sys.modules:
        return
    ipython = types.ModuleType("IPython")
    ipython.get_ipython = lambda: None  # type: ignore[attr-defined]
    ipython.display = display  # type: ignore[attr-defined]
    display_module = types.ModuleType("IPython.display")
    for name, value in {"display": display, "clear_output": clear_output, "HTML": HTML,
                        "Markdown": Markdown, "SVG": SVG}.items():
        setattr(display_module, name, value)
    core = types.ModuleType("IPython.core")
    shell_module = types.ModuleType("IPython.core.interactiveshell")

    class InteractiveShell:
        @classmethod
        def initialized(cls) -> bool:
            return False

    shell_module.InteractiveShell = InteractiveShell  # type: ignore[attr-defined]
    getipython = types.ModuleType("IPython.core.getipython")
    getipython.get_ipython = ipython.get_ipython  # type: ignore[attr-defined]
    ipython.display, ipython.core = display_module, core  # type: ignore[attr-defined]
    for name, module in {"IPython": ipython, "IPython.display": display_module, "IPython.core": core,
                         "IPython.core.interactiveshell": shell_module,
                         "IPython.core.getipython": getipython,
                         "IPython.core.display_functions": display_module}.items():
        sys.modules[name] = module


# ---- the comm bridge --------------------------------------------------------------------------------------

def _install_comm() -> None:
    import comm
    from comm.base_comm import BaseComm

    class PageComm(BaseComm):
        """A comm whose other end is the widget manager in this same page."""

        def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None,
                        buffers: Any = None, **keys: Any) -> None:
            if _page.send is None:
                return
            message = {"msg_type": msg_type, "comm_id": self.comm_id, "target_name": self.target_name,
                       "data": {} if data is None else data, "metadata": metadata or {}}
            _page.send(json.dumps(message), _to_js_buffers(buffers))

    comm.create_comm = PageComm  # type: ignore[assignment]


def deliver(comm_id: str, data_json: str, buffers: Any = None) -> None:
    """A message from a widget view in the page, handed to its Python widget."""
    import comm

    target = comm.get_comm_manager().get_comm(comm_id)
    if target is None:
        return
    if buffers is not None and hasattr(buffers, "to_py"):
        buffers = [memoryview(bytes(b)) for b in buffers.to_py()]
    message = {"header": {"msg_type": "comm_msg"}, "parent_header": {}, "metadata": {},
               "content": {"comm_id": comm_id, "data": json.loads(data_json)}, "buffers": buffers or []}
    target.handle_msg(message)


# ---- running the page's cells -----------------------------------------------------------------------------

class _CellStream:
    """``sys.stdout`` / ``sys.stderr`` while a cell runs: text goes to that cell's output."""

    def __init__(self, name: str) -> None:
        self.name = name

    def write(self, text: str) -> int:
        if text:
            _emit("stream", {"name": self.name, "text": text})
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def editable_strings(source: str) -> list[dict[str, Any]]:
    """The strategy-like strings a cell assigns at top level, which the page offers as text boxes.

    >>> editable_strings('strategy = "falls[tiab]"\\nprint(strategy)')
    [{'name': 'strategy', 'value': 'falls[tiab]', 'line': 1}]
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                and any(word in node.targets[0].id.lower() for word in EDITABLE_NAMES)):
            found.append({"name": node.targets[0].id, "value": node.value.value, "line": node.lineno})
    return found


def _with_overrides(tree: ast.Module, overrides: dict[str, str]) -> ast.Module:
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id in overrides):
            node.value = ast.copy_location(ast.Constant(overrides[node.targets[0].id]), node.value)
    return tree


def run_cell(cell: str, source: str, overrides_json: str = "") -> bool:
    """Run one code cell of the page, its output (text, displays, widgets, errors) going to ``cell``.

    ``overrides_json`` maps names from :func:`editable_strings` to the learner's text. Returns whether
    the cell ran without an error; an error is shown in the cell as Jupyter shows it, a syntax error
    with its line and a caret under the position.
    """
    _page.cell = cell
    browser_storage.start_cell(cell)
    filename = f"<{cell}>"
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _CellStream("stdout"), _CellStream("stderr")
    try:
        try:
            tree = ast.parse(source, filename=filename)
            if overrides_json:
                tree = ast.fix_missing_locations(_with_overrides(tree, json.loads(overrides_json)))
            final = tree.body[-1] if tree.body else None
            last = final if isinstance(final, ast.Expr) else None
            if last is not None:
                tree.body.pop()
            exec(compile(tree, filename, "exec"), _page.namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), filename, "eval"), _page.namespace)
                if value is not None:
                    display(value)
        except SyntaxError as error:
            _emit("error", {"ename": type(error).__name__, "evalue": str(error.msg),
                            "traceback": "".join(traceback.format_exception_only(type(error), error))})
            return False
        except BaseException as error:  # the learner's code: show any error in the page
            frames = traceback.extract_tb(error.__traceback__)[1:]  # drop this function's own frame
            text = "".join(traceback.format_list(frames)) + "".join(
                traceback.format_exception_only(type(error), error))
            _emit("error", {"ename": type(error).__name__, "evalue": str(error),
                            "traceback": "Traceback (most recent call last):\n" + text})
            return False
        return True
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def use_bundled_facts(path: str) -> bool:
    """Take the corpus's gold sets from the file the site built, instead of regenerating the corpus.

    Finding the records relevant to each exercise means generating all 8,000 records, which takes
    10 to 30 seconds in WebAssembly; ``searchcraft course live-files`` worked them out at build time.
    The corpus's facts provider uses the file only if it was made from this very corpus (same
    fingerprint). Returns whether it was used.
    """
    from ..practice.corpus import use_facts_file

    return use_facts_file(path)


def _offer_downloads() -> None:
    """Files a widget exports (a CPD log, a RIS file) are handed to the browser as downloads.

    In the browser the learner's saved work goes to browser storage, so every file written through
    the kit's atomic writers is an export the learner asked for; without this it would stay in
    Pyodide's in-memory disk, out of their reach.
    """
    from pathlib import Path

    from .. import export, files

    def handing_over(writer: Callable[..., Any]) -> Callable[..., Any]:
        def write(path: Any, data: Any, *args: Any, **kwargs: Any) -> Any:
            result = writer(path, data, *args, **kwargs)
            if _page.download is not None:
                written = Path(path)
                payload = written.read_bytes()
                try:
                    from pyodide.ffi import to_js  # type: ignore[import-not-found]
                    payload = to_js(payload)
                except ImportError:
                    pass
                _page.download(written.name, payload)
            return result
        write.__wrapped__ = writer  # type: ignore[attr-defined]
        return write

    if not hasattr(files.write_atomically, "__wrapped__"):
        files.write_atomically = handing_over(files.write_atomically)  # type: ignore[assignment]
        export._write_atomically = handing_over(export._write_atomically)  # type: ignore[assignment]


class _CallbackFailure(logging.Handler):
    """ipywidgets catches an exception in a button's or a box's callback and only logs it; with no
    Jupyter application that log is discarded, so a broken exercise would look merely unresponsive.
    This handler puts the traceback in the browser's console (under CPython: standard error)."""

    def emit(self, record: logging.LogRecord) -> None:
        text = "SearchCraft: a widget callback failed: " + self.format(record)
        try:
            import js  # type: ignore[import-not-found]
        except ImportError:
            if sys.__stderr__ is not None:
                sys.__stderr__.write(text + "\n")
        else:
            js.console.error(text)


def _report_callback_failures() -> None:
    from traitlets import log

    logger = log.get_logger()
    if isinstance(logger, logging.LoggerAdapter):  # traitlets may hand back an adapter around the logger
        logger = logger.logger
    if not any(isinstance(handler, _CallbackFailure) for handler in logger.handlers):
        logger.addHandler(_CallbackFailure(logging.WARNING))


def start(send: Callable[..., Any], output: Callable[..., Any], page: str, store: Any = None,
          download: Callable[..., Any] | None = None) -> None:
    """Connect to the page: where widget messages, outputs and exported files go, where work is kept.

    Call before any widget module is imported (the exports' writers are wrapped here).
    """
    install_ipython_stand_in()
    _install_comm()
    _report_callback_failures()
    _page.send, _page.output, _page.download = send, output, download
    if download is not None:
        _offer_downloads()
    _page.namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    browser_storage.use(store if store is not None else browser_storage.MemoryStore(), page)
