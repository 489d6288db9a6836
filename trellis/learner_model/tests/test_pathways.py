"""The ready-to-learn fringe and the ranked suggestions with reasons (pure core)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from trellis.learner_model.pathways import (
    ASSIGNED,
    LEARN,
    R_ASSIGNED,
    R_GOAL,
    R_INTEREST,
    R_KEEP_GOING,
    R_PRIORITY,
    R_READY,
    R_REVIEW,
    R_REVISIT,
    R_STRETCH,
    R_STYLE,
    R_TARGET,
    R_UNLOCKS,
    R_VARIETY,
    REVIEW,
    STUCK_EVIDENCE,
    ActivityInfo,
    Catalog,
    Group,
    LearnerState,
    PathwayGraph,
    Suggestion,
    predicted_success,
    ready_fringe,
    small_groups,
    stuck_competencies,
    style_modalities,
    suggest,
)

TODAY = date(2026, 3, 2)

# 1 -> 2 -> 4, 1 -> 3 -> 4, 4 -> 5; 6 and 7 stand alone; 9 is a grouping; 8 needs 6.
PREREQUISITES = {2: [1], 3: [1], 4: [2, 3], 5: [4], 8: [6]}
GRAPH = PathwayGraph([9, 1, 2, 3, 4, 5, 6, 7, 8], PREREQUISITES, assessable=[1, 2, 3, 4, 5, 6, 7, 8])


def activity(
    id: int, competency: int, kind: str = "practice_set", modality: str = "digital_practice", **kw
) -> ActivityInfo:
    return ActivityInfo(id, kind, modality, (competency,), **kw)


CATALOG = Catalog(
    [
        activity(101, 2),
        activity(102, 2, "reading", "text", interests=frozenset({"music"})),
        activity(103, 3),
        activity(104, 3, "video", "video"),
        activity(105, 4),
        activity(106, 6),
        activity(107, 6, "performance_task", "hands_on", interests=frozenset({"sports"})),
        activity(108, 7, "lesson", "discussion"),
        activity(109, 1),
        activity(110, 8),
    ]
)


def state(**kw) -> LearnerState:
    kw.setdefault("mastered", {1: TODAY - timedelta(days=60)})
    return LearnerState(**kw)


def codes(suggestion: Suggestion) -> list[str]:
    return [r.code for r in suggestion.reasons]


def by_activity(found: list[Suggestion]) -> dict[int, Suggestion]:
    return {s.activity: s for s in found}


# --- the graph ---------------------------------------------------------------------------------------


def test_graph_orders_prerequisites_first_and_knows_every_ancestor() -> None:
    order = GRAPH.order
    for target, sources in PREREQUISITES.items():
        for source in sources:
            assert order.index(source) < order.index(target)
    assert set(GRAPH.members(GRAPH.ancestors[5])) == {1, 2, 3, 4}
    assert set(GRAPH.members(GRAPH.requirement_mask(4))) == {1, 2, 3, 4}
    assert GRAPH.dependents[1] == (2, 3)


def test_graph_ignores_outside_edges_and_survives_a_cycle() -> None:
    graph = PathwayGraph([1, 2, 3], {1: [3], 3: [1], 2: [1, 99, 2]})
    assert sorted(graph.order) == [1, 2, 3]
    assert graph.prerequisites[2] == (1,)
    assert len(graph) == 3


# --- the fringe --------------------------------------------------------------------------------------


def test_fringe_is_what_has_every_prerequisite_mastered_and_is_not_mastered_itself() -> None:
    assert ready_fringe(GRAPH, {}) == [1, 6, 7]
    assert ready_fringe(GRAPH, {1: None}) == [6, 7, 2, 3]
    assert ready_fringe(GRAPH, {1: None, 2: None}) == [6, 7, 3]
    assert 4 in ready_fringe(GRAPH, {1: None, 2: None, 3: None})
    assert 9 not in ready_fringe(GRAPH, {})  # a grouping is not something to learn


@st.composite
def graphs_and_mastery(draw: st.DrawFn) -> tuple[PathwayGraph, dict[int, list[int]], set[int]]:
    n = draw(st.integers(1, 25))
    prerequisites = {
        c: draw(st.lists(st.integers(0, c - 1), max_size=3, unique=True)) if c else [] for c in range(n)
    }
    mastered = set(draw(st.lists(st.integers(0, n - 1), unique=True)))
    return PathwayGraph(range(n), prerequisites), prerequisites, mastered


@given(graphs_and_mastery())
@settings(max_examples=200, deadline=None)
def test_fringe_matches_its_definition(case: tuple[PathwayGraph, dict[int, list[int]], set[int]]) -> None:
    graph, prerequisites, mastered = case
    expected = {
        c for c in range(len(graph)) if c not in mastered and all(p in mastered for p in prerequisites[c])
    }
    assert set(ready_fringe(graph, mastered)) == expected
    for c in range(len(graph)):
        ancestors = set(graph.members(graph.ancestors[c]))
        direct = set(prerequisites[c])
        assert direct <= ancestors
        assert all(set(graph.members(graph.ancestors[p])) <= ancestors for p in direct)


# --- suggestions -------------------------------------------------------------------------------------


def test_several_options_each_with_a_reason() -> None:
    found = suggest(GRAPH, CATALOG, state(), today=TODAY)
    assert len(found) >= 3
    assert all(s.reasons for s in found)
    assert {s.competency for s in found} <= {2, 3, 6, 7}  # the fringe only
    assert all(s.kind == LEARN for s in found)
    assert len({s.competency for s in found[:3]}) >= 2  # options that differ


def test_deterministic() -> None:
    assert suggest(GRAPH, CATALOG, state(), today=TODAY) == suggest(GRAPH, CATALOG, state(), today=TODAY)


def test_a_prerequisite_just_mastered_unlocks_the_next_step() -> None:
    fresh = suggest(GRAPH, CATALOG, state(mastered={1: TODAY - timedelta(days=2)}), today=TODAY, limit=10)
    unlocked = by_activity(fresh)[101]
    assert unlocked.reasons[0].code == R_UNLOCKS and unlocked.reasons[0].params == {"competency": 1}
    old = suggest(GRAPH, CATALOG, state(), today=TODAY, limit=10)
    assert R_UNLOCKS not in codes(by_activity(old)[101])
    assert R_READY in codes(by_activity(old)[101])


def test_work_started_says_keep_going() -> None:
    found = by_activity(suggest(GRAPH, CATALOG, state(estimates={2: 0.4}), today=TODAY, limit=10))
    assert R_KEEP_GOING in codes(found[101])


def test_interest_and_working_style_are_reasons_and_lift_the_activity() -> None:
    plain = by_activity(suggest(GRAPH, CATALOG, state(), today=TODAY, limit=10))
    liked = by_activity(
        suggest(GRAPH, CATALOG, state(tags=frozenset({"music", "hands-on"})), today=TODAY, limit=10)
    )
    assert any(r.code == R_INTEREST and r.params == {"interest": "music"} for r in liked[102].reasons)
    assert liked[102].score > plain[102].score
    assert any(r.code == R_STYLE and r.params == {"modality": "hands_on"} for r in liked[107].reasons)
    assert R_INTEREST not in codes(plain[102])


def test_a_change_of_modality_is_offered_as_variety() -> None:
    found = by_activity(
        suggest(
            GRAPH,
            CATALOG,
            state(recent_modalities=("digital_practice", "digital_practice")),
            today=TODAY,
            limit=10,
        )
    )
    assert any(r.code == R_VARIETY and r.params == {"modality": "video"} for r in found[104].reasons)
    assert R_VARIETY not in codes(found[103])
    assert found[104].score > found[103].score


def test_teacher_priority_puts_a_competency_first_and_says_so() -> None:
    found = suggest(GRAPH, CATALOG, state(priorities=frozenset({7})), today=TODAY)
    assert found[0].competency == 7
    assert found[0].reasons[0].code == R_PRIORITY


def test_a_locked_competency_is_not_offered() -> None:
    found = suggest(GRAPH, CATALOG, state(locked=frozenset({2, 6})), today=TODAY, limit=10)
    assert {s.competency for s in found} == {3, 7}


def test_an_assignment_is_offered_with_its_due_date() -> None:
    due = TODAY + timedelta(days=3)
    found = suggest(GRAPH, CATALOG, state(assignments={105: due}), today=TODAY)
    assert found[0].activity == 105 and found[0].kind == ASSIGNED
    assert found[0].reasons[0].code == R_ASSIGNED and found[0].reasons[0].params == {"due": due}
    assert len(found) >= 3  # still a choice


def test_a_due_review_is_offered_and_reviews_never_crowd_out_learning() -> None:
    mastered = {c: TODAY - timedelta(days=90) for c in (1, 2, 3, 6)}
    due = {c: TODAY - timedelta(days=5) for c in mastered}
    found = suggest(GRAPH, CATALOG, state(mastered=mastered, reviews_due=due), today=TODAY)
    reviews = [s for s in found if s.kind == REVIEW]
    assert 1 <= len(reviews) <= 2
    assert all(s.reasons[0].code == R_REVIEW for s in reviews)
    assert all(CATALOG.by_id[s.activity].kind == "practice_set" for s in reviews)
    not_yet = suggest(
        GRAPH, CATALOG, state(mastered=mastered, reviews_due={1: TODAY + timedelta(days=1)}), today=TODAY
    )
    assert all(s.kind != REVIEW for s in not_yet)


def test_targets_pull_toward_them_more_as_the_date_comes() -> None:
    soon = suggest(GRAPH, CATALOG, state(targets={5: TODAY + timedelta(days=7)}), today=TODAY, limit=10)
    first = soon[0]
    assert first.competency in (2, 3)  # on the way to 5
    target = next(r for r in first.reasons if r.code == R_TARGET)
    assert target.params == {"competency": 5, "date": TODAY + timedelta(days=7)}
    late = by_activity(
        suggest(GRAPH, CATALOG, state(targets={5: TODAY + timedelta(days=300)}), today=TODAY, limit=10)
    )
    assert by_activity(soon)[first.activity].score > late[first.activity].score
    assert R_TARGET not in codes(by_activity(soon)[108])  # 7 leads nowhere near 5


def test_goals_name_the_goal_for_what_leads_to_it() -> None:
    found = by_activity(
        suggest(GRAPH, CATALOG, state(goals={8: "Finish the science fair"}), today=TODAY, limit=10)
    )
    goal = next(r for r in found[106].reasons if r.code == R_GOAL)
    assert goal.params == {"goal": "Finish the science fair", "competency": 8}
    assert R_GOAL not in codes(found[101])


def test_stuck_on_a_competency_offers_to_revisit_what_it_builds_on() -> None:
    mastered = {1: TODAY - timedelta(days=30), 2: TODAY - timedelta(days=20), 3: TODAY - timedelta(days=20)}
    stuck = state(mastered=mastered, estimates={4: 0.1}, evidence_counts={4: STUCK_EVIDENCE})
    found = suggest(GRAPH, CATALOG, stuck, today=TODAY, limit=10)
    revisits = [s for s in found if any(r.code == R_REVISIT for r in s.reasons)]
    assert revisits and {s.competency for s in revisits} <= {2, 3}
    assert all(r.params == {"competency": 4} for s in revisits for r in s.reasons if r.code == R_REVISIT)
    checked = state(mastered=mastered, estimates={4: 0.1}, evidence_counts={4: 9, 2: STUCK_EVIDENCE, 3: 8})
    assert not any(s.kind == REVIEW for s in suggest(GRAPH, CATALOG, checked, today=TODAY, limit=10))
    working = state(mastered=mastered, estimates={4: 0.1}, evidence_counts={4: STUCK_EVIDENCE - 1})
    assert not any(s.kind == REVIEW for s in suggest(GRAPH, CATALOG, working, today=TODAY, limit=10))


def test_productive_range_prefers_a_stretch_over_too_easy_or_too_hard() -> None:
    assert (
        predicted_success(0.0, "practice_set")
        < predicted_success(0.5, "practice_set")
        < predicted_success(1.0, "practice_set")
    )
    assert (
        predicted_success(0.5, "project")
        < predicted_success(0.5, "practice_set")
        < predicted_success(0.5, "reading")
    )
    found = by_activity(suggest(GRAPH, CATALOG, state(estimates={2: 0.7}), today=TODAY, limit=10))
    assert R_STRETCH in codes(found[101])


def test_style_words_map_to_modalities() -> None:
    assert style_modalities({"hands-on", "visual", "music"}) == {"hands_on", "video"}
    assert style_modalities({"discussion", "hands_on"}) == {"discussion", "hands_on"}


def test_the_limit_is_respected_and_an_empty_catalog_offers_nothing() -> None:
    assert len(suggest(GRAPH, CATALOG, state(), today=TODAY, limit=2)) == 2
    assert suggest(GRAPH, Catalog([]), state(), today=TODAY) == []


# --- stuck and small groups --------------------------------------------------------------------------


def test_stuck_needs_enough_evidence_and_a_low_estimate() -> None:
    learner = state(estimates={2: 0.2, 3: 0.7, 6: 0.1}, evidence_counts={2: 6, 3: 9, 6: 2})
    assert stuck_competencies(GRAPH, learner) == [2]


def test_small_groups_put_each_learner_once_per_kind_within_the_size() -> None:
    ready = {learner: {2} for learner in range(9)} | {20: {3}, 21: {3}, 22: {7}}
    stuck = {1: {4}, 2: {4}, 3: {6}}
    groups = small_groups(ready, stuck, min_size=2, max_size=6)
    assert groups[0] == Group("stuck", 4, (1, 2))
    ready_groups = [g for g in groups if g.kind == "ready"]
    assert sorted(len(g.learners) for g in ready_groups if g.competency == 2) == [4, 5]
    assert Group("ready", 3, (20, 21)) in ready_groups
    assert all(g.competency != 7 for g in ready_groups)  # one learner is not a group
    placed = [learner for g in ready_groups for learner in g.learners]
    assert len(placed) == len(set(placed))


def test_an_activity_on_several_competencies_waits_until_all_are_ready() -> None:
    catalog = Catalog([activity(101, 2), ActivityInfo(111, "project", "hands_on", (2, 5)), activity(112, 7)])
    early = suggest(GRAPH, catalog, state(), today=TODAY, limit=10)
    assert 111 not in {s.activity for s in early}  # 5 needs 4, which needs 2 and 3
    later = {1: None, 2: None, 3: None, 4: None}
    ready = suggest(GRAPH, catalog, state(mastered=later), today=TODAY, limit=10)
    assert 111 in {s.activity for s in ready}
