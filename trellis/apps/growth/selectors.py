"""Reads for display and for other apps: profiles, goals, the journal, the team and the family summary.

Callers have passed the access gateways of `access.py`; these functions only read. Each runs a fixed number
of queries however many rows it returns.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Prefetch, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from trellis.apps.evidence import selectors as mastery
from trellis.apps.evidence.selectors import MasteryView
from trellis.apps.frameworks.models import Competency, Framework
from trellis.apps.rosters.models import Learner, School, TeamMembership, Term
from trellis.lib import clock
from trellis.lib.models import current_on

from . import themes
from .models import (
    Goal,
    GoalComment,
    GoalStep,
    JournalComment,
    JournalEntry,
    JournalPlanItem,
    JournalPolicy,
    LearnerProfile,
    Notification,
    ProfileChange,
    ProfileComment,
    TeamPost,
    WorkingStyle,
)

PROFILE_FIELD_LABELS = {
    "about_me": _("About me"),
    "interests": _("Interests"),
    "working_styles": _("How I like to learn"),
    "what_helps_me": _("What helps me"),
    "strengths": _("Strengths"),
    "challenges": _("What I'm working on"),
    "strategies": _("Strategies that work"),
    "languages": _("Languages"),
    "accommodations": _("Accommodations (staff only)"),
}

# Goals that count for pathways and progress: agreed with the advisor and not yet achieved or replaced.
CURRENT_GOAL_STATUSES = (Goal.Status.AGREED, Goal.Status.ACTIVE)
OPEN_GOAL_STATUSES = (Goal.Status.DRAFT, Goal.Status.AGREED, Goal.Status.ACTIVE)


# --- for pathways (called with database ids; no access check: pathways decides who sees suggestions) ----


def profile_tags(learner_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """Each learner's interests and working styles as lower-case tags, for matching activities' interests
    and modality. Learners without a profile are absent. One query."""
    tags: dict[int, frozenset[str]] = {}
    rows = LearnerProfile.objects.filter(learner_id__in=list(learner_ids)).values_list(
        "learner_id", "interests", "working_styles"
    )
    for learner_id, interests, styles in rows:
        tags[learner_id] = frozenset(
            str(tag).strip().lower() for tag in [*interests, *styles] if str(tag).strip()
        )
    return tags


def goal_competencies(learner_ids: Iterable[int]) -> dict[int, dict[int, str]]:
    """For each learner, the competencies linked to their agreed and active goals, with the goal's title
    (the newest goal's when two link the same competency). Learners without such goals are absent. One
    query."""
    linked: dict[int, dict[int, str]] = defaultdict(dict)
    rows = (
        Goal.competencies.through.objects.filter(
            goal__learner_id__in=list(learner_ids), goal__status__in=CURRENT_GOAL_STATUSES
        )
        .order_by("goal__created_at", "goal_id")
        .values_list("goal__learner_id", "competency_id", "goal__title")
    )
    for learner_id, competency_id, title in rows:
        linked[learner_id][competency_id] = title
    return dict(linked)


# --- profile --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileField:
    name: str
    label: str
    value: str  # as shown: lists joined, working styles in words
    is_list: bool
    items: tuple[str, ...]


def _shown(field: str, value: Any) -> tuple[str, tuple[str, ...]]:
    if field == "working_styles":
        items = tuple(str(WorkingStyle(v).label) if v in WorkingStyle.values else str(v) for v in value)
        return ", ".join(items), items
    if isinstance(value, list):
        return ", ".join(str(v) for v in value), tuple(str(v) for v in value)
    return str(value), ()


def profile_fields(learner: Learner, *, with_accommodations: bool) -> list[ProfileField]:
    """The profile's fields in display order (empty for a learner without a profile yet); accommodations
    only for those who may see them. One query."""
    profile = LearnerProfile.objects.filter(learner=learner).first() or LearnerProfile(learner=learner)
    shown = []
    for name in PROFILE_FIELD_LABELS:
        if name == "accommodations" and not with_accommodations:
            continue
        value, items = _shown(name, getattr(profile, name))
        shown.append(
            ProfileField(
                name, str(PROFILE_FIELD_LABELS[name]), value, isinstance(getattr(profile, name), list), items
            )
        )
    return shown


def profile_values(learner: Learner) -> dict[str, Any]:
    """The raw values, to fill the edit form."""
    profile = LearnerProfile.objects.filter(learner=learner).first() or LearnerProfile(learner=learner)
    return {name: getattr(profile, name) for name in PROFILE_FIELD_LABELS}


def profile_comments(learner: Learner) -> QuerySet[ProfileComment]:
    return (
        ProfileComment.objects.filter(profile__learner=learner)
        .select_related("author")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class ChangeView:
    change: ProfileChange
    label: str
    old: str
    new: str


def _history_value(field: str, raw: str) -> str:
    if field in ("interests", "working_styles"):
        try:
            value = json.loads(raw) if raw else []
        except ValueError:
            return raw
        return _shown(field, value if isinstance(value, list) else [])[0]
    return raw


def profile_history(learner: Learner, *, with_accommodations: bool, limit: int = 200) -> list[ChangeView]:
    """Who changed which field when, old → new, newest first (accommodations only for those who may see
    them). One query."""
    changes = ProfileChange.objects.filter(profile__learner=learner).select_related("changed_by")
    if not with_accommodations:
        changes = changes.exclude(field="accommodations")
    return [
        ChangeView(
            c,
            str(PROFILE_FIELD_LABELS.get(c.field, c.field)),
            _history_value(c.field, c.old_value),
            _history_value(c.field, c.new_value),
        )
        for c in changes.order_by("-changed_at", "-pk")[:limit]
    ]


# --- goals ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalView:
    """A goal with its progress: steps done, and where the learner is on each linked competency."""

    goal: Goal
    steps: list[GoalStep]
    competencies: list[tuple[Competency, MasteryView | None]]
    comments: list[GoalComment]

    @property
    def steps_done(self) -> int:
        return sum(1 for s in self.steps if s.done_at is not None)

    @property
    def mastered(self) -> int:
        return sum(
            1 for _c, view in self.competencies if view is not None and view.status == mastery.MASTERED
        )

    @property
    def progress_percent(self) -> int:
        """Steps done and competencies mastered, out of all of them (0 when the goal has neither)."""
        total = len(self.steps) + len(self.competencies)
        return round(100 * (self.steps_done + self.mastered) / total) if total else 0

    @property
    def has_progress_measure(self) -> bool:
        return bool(self.steps or self.competencies)


def goal_views(
    goals: Sequence[Goal], learner: Learner, *, known: Mapping[int, MasteryView] | None = None
) -> list[GoalView]:
    """Goals of one learner with steps, comments (with authors), linked competencies and the learner's
    mastery of them (`known`: views the caller has already, by competency id). A fixed number of queries:
    three for the goals' parts, then, for competencies not known, a few per framework."""
    ids = [g.pk for g in goals]
    steps: dict[int, list[GoalStep]] = defaultdict(list)
    for step in GoalStep.objects.filter(goal_id__in=ids).order_by("goal_id", "position"):
        steps[step.goal_id].append(step)
    comments: dict[int, list[GoalComment]] = defaultdict(list)
    for comment in (
        GoalComment.objects.filter(goal_id__in=ids).select_related("author").order_by("created_at", "pk")
    ):
        comments[comment.goal_id].append(comment)
    linked: dict[int, list[Competency]] = defaultdict(list)
    through = Goal.competencies.through.objects.filter(goal_id__in=ids).select_related(
        "competency__framework"
    )
    for row in through.order_by("competency__human_code", "competency_id"):
        linked[row.goal_id].append(row.competency)
    known = known or {}
    missing = {c.pk: c for cs in linked.values() for c in cs if c.pk not in known}
    views = dict(known)
    if missing:
        views.update({c.pk: view for c, view in mastery.mastery_of(learner, missing.values())})
    return [
        GoalView(g, steps[g.pk], [(c, views.get(c.pk)) for c in linked[g.pk]], comments[g.pk]) for g in goals
    ]


def goals_of(learner: Learner, *, statuses: Iterable[str] | None = None) -> list[Goal]:
    goals = Goal.objects.filter(learner=learner)
    if statuses is not None:
        goals = goals.filter(status__in=list(statuses))
    return list(goals.select_related("agreed_by", "created_by").order_by("-created_at", "-pk"))


def open_goal_views(learner: Learner) -> list[GoalView]:
    """Goals still being worked on (draft, agreed, active), newest first, with their progress."""
    return goal_views(goals_of(learner, statuses=OPEN_GOAL_STATUSES), learner)


def revised_from(goal: Goal) -> Goal | None:
    """The goal this one replaced in a review, if any."""
    return Goal.objects.filter(revised_into=goal).first()


def current_goals(learner: Learner) -> list[Goal]:
    """Agreed and active goals: the ones today's plan can be picked from."""
    return goals_of(learner, statuses=CURRENT_GOAL_STATUSES)


def linkable_competencies(learner: Learner) -> QuerySet[Competency]:
    """Standards, targets and habits of the learner's school frameworks, for linking to a goal."""
    return (
        Competency.objects.filter(framework__in=mastery.frameworks_for(learner))
        .exclude(kind=Competency.Kind.GROUPING)
        .select_related("framework")
        .order_by("framework__kind", "framework__title", "human_code", "pk")
    )


def journal_policy_of(school: School) -> str:
    """The school's rule for guardians and the journal (learner decides, when the school set none)."""
    found = JournalPolicy.objects.filter(school=school).values_list("guardians_see", flat=True)
    return next(iter(found), JournalPolicy.Sharing.LEARNER_DECIDES)


# --- journal --------------------------------------------------------------------------------------------


def with_conversation(entries: QuerySet[JournalEntry]) -> QuerySet[JournalEntry]:
    """Entries with their plan and comments (and the comments' authors): three queries however many."""
    return entries.prefetch_related(
        Prefetch("plan_items", queryset=JournalPlanItem.objects.order_by("position")),
        Prefetch(
            "comments", queryset=JournalComment.objects.select_related("author").order_by("created_at", "pk")
        ),
    )


def recent_entries(entries: QuerySet[JournalEntry], *, limit: int = 14) -> list[JournalEntry]:
    return list(with_conversation(entries.order_by("-day"))[:limit])


def last_sharing(learner: Learner) -> bool:
    """Whether the learner shared their latest reflected entry with guardians (the reflect form's default)."""
    found = (
        JournalEntry.objects.filter(learner=learner, reflected_at__isnull=False)
        .order_by("-day")
        .values_list("shared_with_guardians", flat=True)[:1]
    )
    return bool(next(iter(found), False))


def entry_on(learner: Learner, day: dt.date) -> JournalEntry | None:
    return with_conversation(JournalEntry.objects.filter(learner=learner, day=day)).first()


# --- the advisory board ---------------------------------------------------------------------------------

THEME_WINDOW = 10  # the last N reflections a learner's themes are drawn from


@dataclass(frozen=True)
class AdviseeDay:
    """One advisee on the board: today's plan and reflection, the last entry, and recurring themes."""

    learner: Learner
    today: JournalEntry | None
    last_day: dt.date | None
    awaiting: list[JournalEntry]
    themes: list[themes.Theme]

    @property
    def planned(self) -> bool:
        return self.today is not None and self.today.planned_at is not None

    @property
    def reflected(self) -> bool:
        return self.today is not None and self.today.reflected_at is not None

    def quiet_for(self, on: dt.date) -> int | None:
        """Days since the last entry (None: never wrote one)."""
        return None if self.last_day is None else (on - self.last_day).days


@dataclass(frozen=True)
class Board:
    day: dt.date
    quiet_days: int
    rows: list[AdviseeDay]

    @property
    def planned(self) -> list[AdviseeDay]:
        return [r for r in self.rows if r.planned]

    @property
    def reflected(self) -> list[AdviseeDay]:
        return [r for r in self.rows if r.reflected]

    @property
    def awaiting(self) -> list[tuple[Learner, JournalEntry]]:
        found = [(r.learner, e) for r in self.rows for e in r.awaiting]
        return sorted(found, key=lambda pair: pair[1].learner_active_at)

    @property
    def quiet(self) -> list[AdviseeDay]:
        """Advisees with no entry for `quiet_days` days or more (or none ever), longest first."""
        never = 10_000  # sorts those who never wrote first

        def days(row: AdviseeDay) -> int:
            quiet = row.quiet_for(self.day)
            return never if quiet is None else quiet

        return sorted((r for r in self.rows if days(r) >= self.quiet_days), key=lambda r: -days(r))


def advisory_board(
    advisees: Sequence[Learner], *, day: dt.date, quiet_days: int, window_days: int = 60
) -> Board:
    """Today's journal for every advisee, entries awaiting feedback, quiet learners and recurring themes
    in "what didn't work". Two queries however many advisees."""
    ids = [a.pk for a in advisees]
    since = day - dt.timedelta(days=window_days)
    recent = list(
        JournalEntry.objects.filter(learner_id__in=ids, day__gte=since, day__lte=day).order_by(
            "learner_id", "-day"
        )
    )
    last = dict(
        JournalEntry.objects.filter(learner_id__in=ids, day__lte=day)
        .values("learner_id")
        .annotate(last=Max("day"))
        .values_list("learner_id", "last")
    )
    by_learner: dict[int, list[JournalEntry]] = defaultdict(list)
    for entry in recent:
        by_learner[entry.learner_id].append(entry)
    texts = [
        (learner_id, entry, entry.what_didnt)
        for learner_id, entries in by_learner.items()
        for entry in [e for e in entries if e.what_didnt.strip()][:THEME_WINDOW]
    ]
    found_themes = themes.themes_by_learner(((lid, e.day, text) for lid, e, text in texts), top=3)
    rows = [
        AdviseeDay(
            learner=a,
            today=next((e for e in by_learner[a.pk] if e.day == day), None),
            last_day=last.get(a.pk),
            awaiting=[e for e in by_learner[a.pk] if e.awaiting_feedback],
            themes=found_themes.get(a.pk, []),
        )
        for a in advisees
    ]
    return Board(day=day, quiet_days=quiet_days, rows=rows)


@dataclass(frozen=True)
class ThemeDetail:
    theme: themes.Theme
    entries: list[JournalEntry]


def learner_themes(
    learner: Learner, *, window: int = THEME_WINDOW, top: int = 8
) -> tuple[list[ThemeDetail], list[JournalEntry]]:
    """A learner's recurring themes across their last `window` "what didn't work" entries, each with the
    entries it came from; and those entries. Two queries at most."""
    entries = list(
        JournalEntry.objects.filter(learner=learner).exclude(what_didnt="").order_by("-day")[:window]
    )
    by_day = {e.day: e for e in entries}
    found = themes.recurring_themes([(e.day, e.what_didnt) for e in reversed(entries)], top=top)
    return [
        ThemeDetail(t, [by_day[d] for d in t.entries if isinstance(d, dt.date) and d in by_day])
        for t in found
    ], entries


# --- team page ------------------------------------------------------------------------------------------


def team_posts(posts: QuerySet[TeamPost], *, limit: int = 100) -> dict[str, list[TeamPost]]:
    """Notes (newest first) and messages (oldest first, the last `limit`), with authors. One query."""
    notes: list[TeamPost] = []
    messages: list[TeamPost] = []
    for post in posts.select_related("author").order_by("-created_at", "-pk")[: limit * 2]:
        (notes if post.kind == TeamPost.Kind.NOTE else messages).append(post)
    return {"notes": notes, "messages": list(reversed(messages[:limit]))}


# --- notifications --------------------------------------------------------------------------------------


def notifications_for(
    user: Any, *, visible_learners: QuerySet[Learner], limit: int = 50
) -> list[Notification]:
    """The person's notifications about learners they may still see, newest first (one query)."""
    return list(
        Notification.objects.filter(recipient=user, learner_id__in=visible_learners.values("pk"))
        .select_related("actor", "learner__user")
        .order_by("-created_at", "-pk")[:limit]
    )


def unread_total(user: Any) -> int:
    """How many unread notifications the person has. One indexed query (the navigation bar's count)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# --- the family portal and the weekly digest ------------------------------------------------------------


@dataclass(frozen=True)
class FrameworkGrowth:
    """One framework this term, for a family: how many skills were mastered before it began, newly mastered
    in it, being worked on now, and which are ready to learn next."""

    framework: Framework
    mastered_before: int
    newly_mastered: list[Competency]
    working_on: list[Competency]
    ready_next: list[Competency]
    expected_this_year: int
    expected_mastered: int
    views: dict[int, MasteryView]  # by competency id: the learner's status on each (for goal progress)

    @property
    def has_any(self) -> bool:
        return bool(self.mastered_before or self.newly_mastered or self.working_on)


def term_growth(learner: Learner, start: dt.datetime, end: dt.datetime) -> list[FrameworkGrowth]:
    """Growth over a period per framework of the learner's school, from the same views the continuum uses.
    Queries per framework, not per competency."""
    found = []
    for framework in mastery.frameworks_for(learner):
        graph = mastery.framework_graph(framework)
        by_id = {c.pk: c for c in graph.competencies}
        growth = mastery.growth_between(framework, [learner.pk], start, end).get(learner.pk, [])
        views = mastery.mastery_views(framework, graph, [learner.pk])[learner.pk]
        leaves = [c for c, _depth in graph.depth_first() if c.kind != Competency.Kind.GROUPING]
        leaf_ids = {c.pk for c in leaves}
        this_year = [c for c in leaves if mastery.expectation_for(c, learner)[0] == "this_year"]
        found.append(
            FrameworkGrowth(
                framework=framework,
                mastered_before=sum(1 for g in growth if g.mastered_before and g.competency_id in leaf_ids),
                newly_mastered=[
                    by_id[g.competency_id]
                    for g in growth
                    if g.mastered_after and not g.mastered_before and g.competency_id in leaf_ids
                ],
                working_on=[c for c in leaves if views[c.pk].status == mastery.IN_PROGRESS],
                ready_next=[c for c in leaves if views[c.pk].status == mastery.READY][:3],
                expected_this_year=len(this_year),
                expected_mastered=sum(1 for c in this_year if views[c.pk].status == mastery.MASTERED),
                views=views,
            )
        )
    return found


@dataclass(frozen=True)
class FeedbackItem:
    """A word from the team a family sees: feedback on a shared journal entry or on a goal."""

    at: dt.datetime
    author: Any
    body: str
    about: str  # "journal" | "goal"
    title: str  # the goal's title, or the entry's day
    kind_label: str


@dataclass(frozen=True)
class FamilySummary:
    learner: Learner
    growth: list[FrameworkGrowth]
    goals: list[GoalView]
    feedback: list[FeedbackItem]
    reflections: list[JournalEntry]
    due: list[Goal]
    advisors: list[Any]
    year_end: dt.date | None


def _feedback_items(
    learner: Learner, entries: QuerySet[JournalEntry], since: dt.datetime, limit: int
) -> list[FeedbackItem]:
    journal = (
        JournalComment.objects.filter(entry__in=entries, created_at__gte=since)
        .exclude(author_id=learner.user_id)
        .select_related("author", "entry")
        .order_by("-created_at")[:limit]
    )
    goal = (
        GoalComment.objects.filter(
            goal__learner=learner,
            goal__status__in=[*CURRENT_GOAL_STATUSES, Goal.Status.ACHIEVED],
            created_at__gte=since,
        )
        .exclude(author_id=learner.user_id)
        .exclude(kind=GoalComment.Kind.COMMENT, body="")
        .select_related("author", "goal")
        .order_by("-created_at")[:limit]
    )
    items = [
        FeedbackItem(c.created_at, c.author, c.body, "journal", date_format(c.entry.day), str(_("Journal")))
        for c in journal
    ] + [
        FeedbackItem(c.created_at, c.author, c.body, "goal", c.goal.title, c.get_kind_display()) for c in goal
    ]
    return sorted(items, key=lambda i: i.at, reverse=True)[:limit]


def school_year_end(on: dt.date) -> dt.date | None:
    """The end of the school year that contains the day (the longest term around it)."""
    terms = Term.objects.filter(start_date__lte=on, end_date__gte=on)
    longest = max(terms, key=lambda t: t.end_date - t.start_date, default=None)
    return longest.end_date if longest else None


def family_summary(
    learner: Learner,
    *,
    entries: QuerySet[JournalEntry],
    start: dt.datetime | None,
    end: dt.datetime | None,
    days: int = 14,
) -> FamilySummary:
    """A child's page for a guardian: growth over the term, current goals with progress, recent feedback
    and shared reflections (`entries` are those the guardian may read), what is due when, and the advisors
    to contact. A fixed number of queries (per framework for growth)."""
    now = clock.now()
    since = now - dt.timedelta(days=days)
    growth = term_growth(learner, start, end) if start is not None and end is not None else []
    known = {pk: view for g in growth for pk, view in g.views.items()}
    goals = goal_views(goals_of(learner, statuses=CURRENT_GOAL_STATUSES), learner, known=known)
    on = clock.today()
    advisors = [
        m.user
        for m in TeamMembership.objects.filter(
            current_on(on), team__learner=learner, role=TeamMembership.Role.ADVISOR
        )
        .select_related("user")
        .order_by("user__last_name")
    ]
    return FamilySummary(
        learner=learner,
        growth=growth,
        goals=goals,
        feedback=_feedback_items(learner, entries, since, limit=5),
        reflections=list(
            entries.filter(reflected_at__isnull=False, reflected_at__gte=since).order_by("-day")[:3]
        ),
        due=sorted((g.goal for g in goals if g.goal.due_on), key=lambda g: g.due_on or on),
        advisors=advisors,
        year_end=school_year_end(on),
    )


@dataclass(frozen=True)
class DigestChild:
    """The headlines of a child's week, for the digest email."""

    learner: Learner
    newly_mastered: int
    goals: list[GoalView]
    feedback: int
    reflections: int


def digest_child(
    learner: Learner,
    *,
    entries: QuerySet[JournalEntry],
    week_start: dt.datetime,
    term_start: dt.datetime | None,
) -> DigestChild:
    """Counts only, never what was written: skills newly mastered this term, goals and their progress,
    and how much new feedback and shared reflection there is since the week began."""
    newly = 0
    if term_start is not None:
        newly = sum(len(g.newly_mastered) for g in term_growth(learner, term_start, clock.now()))
    return DigestChild(
        learner=learner,
        newly_mastered=newly,
        goals=goal_views(goals_of(learner, statuses=CURRENT_GOAL_STATUSES), learner),
        feedback=JournalComment.objects.filter(entry__in=entries, created_at__gte=week_start)
        .exclude(author_id=learner.user_id)
        .count()
        + GoalComment.objects.filter(goal__learner=learner, created_at__gte=week_start)
        .exclude(author_id=learner.user_id)
        .count(),
        reflections=entries.filter(reflected_at__gte=week_start).count(),
    )
