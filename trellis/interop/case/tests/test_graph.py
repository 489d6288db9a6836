"""find_cycles: exact on small graphs, sound and complete on random ones, flat on deep ones."""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter

from hypothesis import given, settings
from hypothesis import strategies as st

from trellis.interop.case import find_cycles


def test_no_edges_no_cycles():
    assert find_cycles([]) == []
    assert find_cycles([("a", "b"), ("b", "c"), ("a", "c")]) == []


def test_a_self_loop_is_a_cycle_of_one():
    assert find_cycles([("a", "b"), ("b", "b")]) == [["b"]]


def test_a_cycle_is_given_in_walking_order_from_its_first_seen_node():
    assert find_cycles([("x", "a"), ("a", "b"), ("b", "c"), ("c", "a")]) == [["a", "b", "c"]]
    assert find_cycles([("c", "a"), ("a", "b"), ("b", "c")]) == [["c", "a", "b"]]


def test_one_cycle_per_tangle_the_shortest_through_its_first_node():
    edges = [("a", "b"), ("b", "a"), ("b", "c"), ("c", "a"), ("p", "q"), ("q", "p")]
    assert find_cycles(edges) == [["a", "b"], ["p", "q"]]


def test_repeated_edges_do_not_matter():
    assert find_cycles([("a", "b"), ("a", "b"), ("b", "a")]) == [["a", "b"]]


def test_long_chains_and_long_cycles_need_no_recursion():
    chain = [(n, n + 1) for n in range(20_000)]
    assert find_cycles(chain) == []
    (cycle,) = find_cycles([*chain, (20_000, 0)])
    assert cycle == list(range(20_001))


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=25))
def test_random_graphs(edges):
    cycles = find_cycles(edges)
    edge_set = set(edges)
    for cycle in cycles:  # every cycle reported is real
        assert all((node, cycle[(step + 1) % len(cycle)]) in edge_set for step, node in enumerate(cycle))
        assert len(set(cycle)) == len(cycle)
    # and none is missed: with no cycle reported, the graph has a topological order
    sorter: TopologicalSorter[int] = TopologicalSorter()
    for source, target in edges:
        if source != target:
            sorter.add(target, source)
    has_cycle = any(source == target for source, target in edges)
    try:
        sorter.prepare()
    except CycleError:
        has_cycle = True
    assert bool(cycles) == has_cycle
    # tangles are disjoint, so their cycles share no node
    nodes = [node for cycle in cycles for node in cycle]
    assert len(nodes) == len(set(nodes))
