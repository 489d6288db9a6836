"""Cycles in association graphs (prerequisites, hierarchy), without recursion.

A framework can hold thousands of items in one long chain, deeper than Python's recursion limit, so
the strongly connected components are found with an iterative Tarjan walk.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable
from typing import TypeVar

N = TypeVar("N", bound=Hashable)


def find_cycles(edges: Iterable[tuple[N, N]]) -> list[list[N]]:
    """Cycles in a directed graph given as ``(from, to)`` edges: one cycle per tangle.

    Each cycle is the list of nodes in walking order, ``[a, b, c]`` meaning a -> b -> c -> a (a
    self-loop is ``[a]``). One cycle is reported per strongly connected component that contains
    one (the shortest through the component's first-seen node), which is enough to tell someone
    what to fix: once each reported cycle is broken, ask again. Cycles come in the order their
    first node first appears in ``edges``, so the answer is stable for a given input.
    """
    successors: dict[N, list[N]] = {}
    seen_edges: set[tuple[N, N]] = set()
    for source, target in edges:
        successors.setdefault(source, [])
        successors.setdefault(target, [])
        if (source, target) not in seen_edges:
            seen_edges.add((source, target))
            successors[source].append(target)
    order = {node: position for position, node in enumerate(successors)}
    cycles = []
    for component in _strongly_connected(successors):
        start = min(component, key=order.__getitem__)
        if len(component) == 1 and start not in successors[start]:
            continue
        cycles.append(_shortest_cycle(start, set(component), successors))
    cycles.sort(key=lambda cycle: order[cycle[0]])
    return cycles


def _strongly_connected(successors: dict[N, list[N]]) -> list[list[N]]:
    index: dict[N, int] = {}
    low: dict[N, int] = {}
    on_stack: set[N] = set()
    stack: list[N] = []
    components: list[list[N]] = []
    for root in successors:
        if root in index:
            continue
        work: list[tuple[N, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            following = successors[node]
            descended = False
            while position < len(following):
                target = following[position]
                position += 1
                if target not in index:
                    work.append((node, position))
                    work.append((target, 0))
                    descended = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if descended:
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components


def _shortest_cycle(start: N, component: set[N], successors: dict[N, list[N]]) -> list[N]:
    came_from: dict[N, N] = {}
    queue: deque[N] = deque([start])
    while queue:
        node = queue.popleft()
        for target in successors[node]:
            if target == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return path[::-1]
            if target in component and target not in came_from:
                came_from[target] = node
                queue.append(target)
    raise AssertionError("a strongly connected component always has a cycle through each member")
