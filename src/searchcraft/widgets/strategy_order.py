"""``StrategyOrder``: put the shuffled lines of a search strategy into an order that works, then run it.

Some lines do not belong: untick *Use* for them. A line such as ``#1 OR #2`` combines the lines
numbered 1 and 2 in *your* order, so it only works once the right lines are above it. *Run the
strategy* runs your lines as a search history on the practice database and says whether the last
line finds every relevant record for the question.

Keyboard use: Tab reaches every *Use* box (Space ticks it), every *Up* and *Down* button and *Run*
(Enter or Space presses them). The buttons stay in place and the lines move, so pressing *Up* again
moves the next line. The outcome is announced to screen readers.

Example::

    StrategyOrder("falls-exercise", save_to="my-work/strategy-order.json")
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..errors import SearchCraftError, named
from .models.strategy_order import OrderRun, StrategyOrderModel, strategy_puzzles
from .saving import SaveSlot, live_region


def run_html(run: OrderRun) -> str:
    rows = "".join(
        f"<tr><td>#{line.number}</td><td><code>{escape(line.text)}</code></td>"
        f"<td>{line.count if line.count is not None else escape(line.problem)}</td></tr>"
        for line in run.lines)
    table = (f"<table><caption style='color:inherit'>Your strategy as run</caption><thead><tr><th scope='col'>Line</th>"
             f"<th scope='col'>Search</th><th scope='col'>Results</th></tr></thead><tbody>{rows}</tbody></table>"
             if rows else "")
    messages = "".join(f"<p>{'<strong>' if run.solved and i == 1 else ''}{escape(m)}"
                       f"{'</strong>' if run.solved and i == 1 else ''}</p>" for i, m in enumerate(run.messages))
    return f'<div role="status" aria-live="polite">{messages}</div>{table}'


class StrategyOrder(widgets.VBox):
    """A Parsons puzzle over a strategy for one of the practice corpus's questions."""

    def __init__(self, puzzle: str | None = None, *, save_to: str | Path | None = None, db=None) -> None:
        self.db = db
        self.slot = SaveSlot(save_to, kind="StrategyOrder")
        state, message = self.slot.restore()
        problem = bool(message and not state)
        known = strategy_puzzles()
        self.models = {pid: StrategyOrderModel(p) for pid, p in known.items()}
        if state:
            try:
                for pid, saved in (state.get("arrangements") or {}).items():
                    if pid in self.models:
                        self.models[pid].restore(saved)
            except (SearchCraftError, AttributeError, TypeError) as error:
                message, problem = f"Your saved arrangement could not be read: {error}", True
        chosen = puzzle or (state or {}).get("puzzle") or next(iter(known))
        named(known, chosen, "strategy puzzle")
        self.puzzle = widgets.Dropdown(options=[(p.title, pid) for pid, p in known.items()], value=chosen,
                                       description="Puzzle:", layout=widgets.Layout(width="36em"))
        self.puzzle.observe(self._rebuild_and_save, names="value")
        self.question = widgets.HTML()
        self.lines = widgets.VBox()
        self.run_button = widgets.Button(description="Run the strategy",
                                         tooltip="Run the lines in use on the practice database",
                                         layout=widgets.Layout(width="14em"))
        self.run_button.on_click(lambda _b: self.run())
        self.result = widgets.HTML()
        self.status = widgets.HTML(live_region(message, problem=problem))
        self._build()
        super().__init__([self.puzzle, self.question, self.lines, self.run_button, self.result, self.status])

    @property
    def model(self) -> StrategyOrderModel:
        return self.models[self.puzzle.value]

    def _build(self) -> None:
        """One row per position: a Use box, the line, Up and Down; rows stay, lines move through them."""
        self.question.value = (f"<p><strong>Question:</strong> {escape(self.model.puzzle.question)}</p>"
                               "<p>Put the lines in an order that works and untick the lines that do not "
                               "belong. <code>#N</code> means line N of your strategy.</p>")
        self.use, self.texts, self.ups, self.downs, rows = [], [], [], [], []
        for position in range(1, len(self.model.order) + 1):
            use = widgets.Checkbox(description=f"Use line {position}", indent=False,
                                   layout=widgets.Layout(width="8em"))
            text = widgets.HTML(layout=widgets.Layout(width="38em"))
            up = widgets.Button(description="Up", tooltip=f"Move the line in position {position} up",
                                layout=widgets.Layout(width="4.5em"))
            down = widgets.Button(description="Down", tooltip=f"Move the line in position {position} down",
                                  layout=widgets.Layout(width="5.5em"))
            use.observe(lambda change, p=position: self._use(p, change["new"]), names="value")
            up.on_click(lambda _b, p=position: self._move(p, -1))
            down.on_click(lambda _b, p=position: self._move(p, 1))
            self.use.append(use)
            self.texts.append(text)
            self.ups.append(up)
            self.downs.append(down)
            rows.append(widgets.HBox([use, up, down, text]))
        self.lines.children = rows
        self.result.value = ""
        self._show()

    def _show(self) -> None:
        numbers = self.model.numbers()
        self._showing = True
        for position, key in enumerate(self.model.order, start=1):
            piece = self.model.puzzle.piece(key)
            label = f"#{numbers[key]}" if key in numbers else "not used"
            self.use[position - 1].value = key in self.model.included
            self.use[position - 1].description = f"Use line {position}"
            self.texts[position - 1].value = (f"<span style='display:inline-block;width:5.5em'>{label}</span>"
                                              f"<code>{escape(piece.text)}</code>")
            self.ups[position - 1].disabled = position == 1
            self.downs[position - 1].disabled = position == len(self.model.order)
        self._showing = False

    def _use(self, position: int, used: bool) -> None:
        if getattr(self, "_showing", False):
            return
        self.model.include(self.model.order[position - 1], used)
        self._show()
        self._save()

    def _move(self, position: int, steps: int) -> None:
        key = self.model.order[position - 1]
        self.model.move(key, steps)
        self._show()
        self._save()
        text = self.model.puzzle.piece(key).text
        self.status.value = live_region(f"Moved \u201c{text}\u201d to position {self.model.order.index(key) + 1}.")

    def run(self) -> OrderRun:
        outcome = self.model.run(self.db)
        self.result.value = run_html(outcome)
        return outcome

    def _rebuild_and_save(self, _change: object = None) -> None:
        self._build()
        self._save()

    def _save(self) -> None:
        state = {"puzzle": self.puzzle.value,
                 "arrangements": {pid: m.to_state() for pid, m in self.models.items()}}
        message = self.slot.save(state)
        if message.startswith("Could not"):
            self.status.value = live_region(message, problem=True)
