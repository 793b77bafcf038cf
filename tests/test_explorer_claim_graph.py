"""The event page's graph of links between claims: columns by stance, then the claims about other subjects
that a link reaches; the same drawing on every load; circular reporting marked; no graph without links."""

from types import SimpleNamespace

from explorer.claim_graph import build


def claim(slug, stance="supports", claimant="Reuters", circular=False):
    return SimpleNamespace(slug=slug, stance=stance, claimant=claimant, circular_reporting=circular)


def test_claims_sit_in_columns_by_stance_and_links_are_arrows_between_them():
    claims = [claim("a"), claim("b", "disputes"), claim("c", circular=True)]
    graph = build(claims, [claim("elsewhere")], [("b", "a", "contradicts", "contradicts"),
                                                 ("c", "a", "derives_from", "derives from"),
                                                 ("a", "elsewhere", "corroborates", "corroborates")])  # fmt: skip
    columns = {node.key: node.column for node in graph.nodes}
    assert columns == {"a": "supports", "b": "disputes", "c": "supports", "elsewhere": "other"}
    assert [heading for _, heading in graph.headings] == ["Supports", "Disputes", "Other subjects"]
    assert [(edge.source, edge.target, edge.kind) for edge in graph.edges] == [
        ("b", "a", "contradicts"), ("c", "a", "derives_from"), ("a", "elsewhere", "corroborates")
    ]  # fmt: skip
    assert {node.key for node in graph.nodes if node.circular} == {"c"}
    again = build(claims, [claim("elsewhere")], [("b", "a", "contradicts", "contradicts"),
                                                 ("c", "a", "derives_from", "derives from"),
                                                 ("a", "elsewhere", "corroborates", "corroborates")])  # fmt: skip
    assert again == graph


def test_no_links_no_graph():
    assert build([claim("a"), claim("b")], [], []) is None
