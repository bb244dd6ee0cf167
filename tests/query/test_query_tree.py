"""One traversal of the query tree: visitors and transformers, positions set by every parser, one
substitution of history references, and translator warnings that point at the term they are about."""

from __future__ import annotations

import pytest

from searchcraft.query import parse, syntaxes, walk
from searchcraft.query.ast import (
    And,
    Field,
    HistoryRef,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Term,
    TreeTransformer,
    TreeVisitor,
    Truncated,
    placed,
    push_field,
    substitute,
)
from searchcraft.query.strategy import parse_strategy
from searchcraft.query.translate import translate, translate_query

# One query a syntax using every kind of node the syntax has: (query, term -> where it is written).
EXAMPLES = {
    "pubmed": ('"hand hygiene"[tiab] AND (nurs* OR #1) NOT 2015:2020[dp]',
               {"hand hygiene": 0, "nurs": 26}),
    "ovid": ("(fall$ adj3 prevent$).ti,ab. or exp Falls, Accidental/ not 1",
             {"fall": 1, "prevent": 12, "Falls, Accidental": 32}),
    "cinahl": ('(MH "Accidental Falls+") OR TI (fall* N3 prevent*) NOT S1 AND hip fracture',
               {"Accidental Falls": 1, "fall": 32, "prevent": 41, "hip fracture": 62}),
    "europepmc": ('TITLE:falls AND (PUB_YEAR:[2015 TO 2020] OR "hip fracture") NOT fall*',
                  {"falls": 6, "hip fracture": 44, "fall": 64}),
}


def _text(node: Node) -> str | None:
    return node.stem if isinstance(node, Truncated) else getattr(node, "text", None)


def test_every_syntax_has_an_example():
    assert sorted(EXAMPLES) == syntaxes()


@pytest.mark.parametrize("syntax", sorted(EXAMPLES))
def test_every_parser_gives_every_node_its_place_in_the_text(syntax):
    text, where = EXAMPLES[syntax]
    tree = parse(text, syntax, history={1})
    nodes = list(walk(tree))
    assert all(node.position is not None and 0 <= node.position < len(text) for node in nodes)
    terms = {_text(node): node.position for node in nodes if isinstance(node, (Term, Truncated, Phrase))}
    assert terms == where
    # a compound search starts where its first part starts
    for node in nodes:
        if node.subnodes():
            assert node.position == node.subnodes()[0].position or isinstance(node, Field)


def test_positions_do_not_change_what_a_node_is():
    assert Term("falls", position=3) == Term("falls")
    assert hash(Term("falls", position=3)) == hash(Term("falls"))
    assert repr(Term("falls", position=3)) == "Term(text='falls')"
    assert parse("falls[tiab] OR fall[tiab]") == Or((Field(Term("falls"), ("tiab",)), Field(Term("fall"), ("tiab",))))


def test_a_visitor_dispatches_on_the_kind_of_node_and_its_base_classes():
    class Kinds(TreeVisitor[list[str]]):
        def visit_combination(self, node: And | Or) -> list[str]:  # And and Or share a base
            return ["combination", *(kind for child in node.children for kind in self.visit(child))]

        def visit_history_ref(self, node: HistoryRef) -> list[str]:
            return [f"#{node.number}"]

        def generic_visit(self, node: Node) -> list[str]:
            return [type(node).__name__, *(kind for child in node.subnodes() for kind in self.visit(child))]

    tree = And((Or((Term("a"), HistoryRef(2))), Not(Term("b"), Field(Term("c"), ("ti",)))))
    assert Kinds().visit(tree) == ["combination", "combination", "Term", "#2", "Not", "Term", "Field", "Term"]


def test_a_visitor_without_a_method_for_a_node_says_so():
    with pytest.raises(NotImplementedError, match="cannot visit Term"):
        TreeVisitor[int]().visit(Term("a"))


def test_a_transformer_copies_what_it_does_not_handle_keeping_positions():
    class Upper(TreeTransformer):
        def visit_term(self, node: Term) -> Node:
            return Term(node.text.upper(), position=node.position)

    tree = parse("(fall$ adj3 prevent).ti,ab. not 1", "ovid", history={1})
    changed = Upper().visit(tree)
    assert changed == Not(Field(Near(Truncated("fall"), Term("PREVENT"), 2), ("tiab",)), HistoryRef(1))
    assert [n.position for n in walk(changed)] == [n.position for n in walk(tree)]
    assert Upper().visit(HistoryRef(1)) is not None  # a node with nothing to change comes back


def test_one_substitution_writes_references_out_everywhere_below():
    tree = Not(Field(Near(HistoryRef(1), Term("b"), 2), ("ti",)), Or((HistoryRef(2), HistoryRef(3))))
    done = substitute(tree, {1: Term("a"), 2: Phrase("x y")})
    assert done == Not(Field(Near(Term("a"), Term("b"), 2), ("ti",)), Or((Phrase("x y"), HistoryRef(3))))


def test_push_field_goes_through_and_or_not_only():
    tree = And((Term("a"), Not(Near(Term("b"), Term("c"), 1), Field(Term("d"), ("ab",))), HistoryRef(1)))
    assert push_field(tree, ("ti",)) == And((
        Field(Term("a"), ("ti",)),
        Not(Field(Near(Term("b"), Term("c"), 1), ("ti",)), Field(Term("d"), ("ab",))),
        HistoryRef(1)))


def test_placed_fills_in_missing_positions_only():
    tree = placed(Or((Term("a", position=9), Term("b"))), 4)
    assert [n.position for n in walk(tree)] == [4, 9, 4]


def test_a_translation_warning_names_the_position_of_the_offending_term():
    text = "falls.ti. and colo?r.ti,ab."
    result = translate_query(text, "ovid", "pubmed")
    (warning,) = [w for w in result.warnings if "colo?r" in w.message]
    assert warning.position == text.index("colo?r")


def test_strategy_warnings_carry_the_line_and_the_place_in_that_line():
    strategy = "exp Falls, Accidental/\nfalls.ti. or hypno$6.ti,ab.\nor/1-2"
    result = translate(strategy, "ovid", "pubmed")
    (warning,) = [w for w in result.warnings if "hypno" in w.message]
    assert (warning.line, warning.position) == (2, "falls.ti. or hypno$6.ti,ab.".index("hypno"))


def test_parse_warnings_passed_on_by_the_translator_keep_their_position():
    text = "falls.ti. and fall$.ti,ab"
    result = translate_query(text, "ovid", "pubmed")
    (warning,) = [w for w in result.warnings if "closing full stop" in w.message]
    assert warning.position == text.index(".ti,ab")


def test_a_strategy_line_is_expanded_through_the_one_substitution():
    strategy = parse_strategy("falls.ti.\nexp Aged/\n1 and 2", "ovid")
    assert strategy.expanded(3) == And((Field(Term("falls"), ("ti",)), Field(Phrase("Aged"), ("mh",))))
