"""The learning team's read pages at school scale: the family portal (QUALITY.md "family summary"), the
advisory board, an advisee's recurring themes and a learner's journal, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/learning_team.py --learners 1000 --json var/learning_team.json
    .venv/bin/python benchmarks/learning_team.py --db sqlite --learners 2000 --reads 30

For each database, a fresh database (a new SQLite file, or a new PostgreSQL database dropped afterwards)
gets a generated district of --learners learners (the roster through the OneRoster importer, the synthetic
120-competency framework through the CASE importer, --evidence-per-learner evidence each through
`evidence.services.record_many`), then, for every learner: a profile, two goals (one agreed, linked to two
competencies, with three steps), --days school days of journal (a plan of two goals and a reflection, with
"what didn't work" drawn from a word bank), feedback from the advisor on every other entry and a reply, and
three team posts. The clock is frozen on a school day. Each page is requested --reads times through Django's
test client as the person who reads it (a guardian with one child; an advisor with a 15-learner advisory):
p50 and p95 server time in ms, and the page's SQL statements. Then the advisor is given 15 more advisees and
the child 4 more goals, and the statements are counted again: they must not change.

Bar (QUALITY.md): family summary p95 <= 50 ms, with a number of queries that doesn't grow with the data.
Nothing here asserts a time; the benchmark only reports. Output: a table, and with --json
{"benchmark": "learning_team", "machine": {...}, "results": [...]}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.roster_import import create_database, machine, percentile, write_json  # noqa: E402

SEED = 2026
TODAY = dt.date(2026, 3, 4)  # a Wednesday in the spring term
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/helper_growth"
BARS = {"family_p95_ms": 50.0}
DIDNT = (
    "the hallway was noisy",
    "my phone distracted me",
    "group work was loud",
    "I was tired after practice",
    "forgot my checklist",
    "the reading was too long",
    "I didn't understand the ratios",
    "distractions near the window",
)
PAGES = ("family", "board", "themes", "journal")


def worker(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trellis.config.settings")
    import django

    django.setup()
    from django.utils import timezone

    from trellis.lib import clock

    with clock.frozen_at(timezone.make_aware(dt.datetime.combine(TODAY, dt.time(16)))):
        result = _measure(args)
    Path(args.result).write_text(json.dumps(result))


def _timed(client: Any, url: str, n: int) -> tuple[list[float], int]:
    """Server time of n GETs (after one warm-up, whose statements are counted)."""
    from django.db import connection

    count = 0

    def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    return times, count


def _school_days(n: int) -> list[dt.date]:
    days: list[dt.date] = []
    day = TODAY
    while len(days) < n:
        if day.weekday() < 5:
            days.append(day)
        day -= dt.timedelta(days=1)
    return days


def _team_data(
    learners: list[Any], advisors: dict[int, Any], competencies: list[Any], days: int, rng: Any
) -> None:
    """Profiles, goals, journals, comments and posts for these learners, written in bulk (setup, not the
    thing measured)."""
    from trellis.apps.growth.models import (
        Goal,
        GoalStep,
        JournalComment,
        JournalEntry,
        JournalPlanItem,
        LearnerProfile,
        TeamPost,
    )
    from trellis.lib import clock

    now = clock.now()
    LearnerProfile.objects.bulk_create(
        [
            LearnerProfile(
                learner=learner,
                about_me="I like building things.",
                interests=rng.sample(["music", "soccer", "art", "robots", "cooking"], 2),
                working_styles=["hands_on"],
                strengths="Persistent",
                accommodations="Extended time",
            )
            for learner in learners
        ],
        ignore_conflicts=True,
    )
    goals = Goal.objects.bulk_create(
        [
            Goal(
                learner=learner,
                title=f"Goal {n} of learner {learner.pk}",
                status=Goal.Status.ACTIVE if n == 0 else Goal.Status.DRAFT,
                agreed_by=advisors.get(learner.pk) if n == 0 else None,
                agreed_at=now if n == 0 else None,
                due_on=TODAY + dt.timedelta(days=40),
                created_at=now - dt.timedelta(days=20 - n),
                updated_at=now,
            )
            for learner in learners
            for n in range(2)
        ]
    )
    through = Goal.competencies.through
    through.objects.bulk_create(
        [
            through(goal_id=goal.pk, competency_id=c.pk)
            for goal in goals
            if goal.status == Goal.Status.ACTIVE
            for c in rng.sample(competencies, 2)
        ]
    )
    GoalStep.objects.bulk_create(
        [
            GoalStep(goal=goal, position=p, text=f"Step {p}", done_at=now if p == 1 else None)
            for goal in goals
            for p in (1, 2, 3)
        ]
    )
    entries = JournalEntry.objects.bulk_create(
        [
            JournalEntry(
                learner=learner,
                day=day,
                planned_at=dt.datetime.combine(day, dt.time(8), tzinfo=dt.UTC),
                what_worked="Worked with my partner",
                what_didnt=rng.choice(DIDNT),
                next_steps="Keep going",
                reflected_at=dt.datetime.combine(day, dt.time(15), tzinfo=dt.UTC),
                learner_active_at=dt.datetime.combine(day, dt.time(15), tzinfo=dt.UTC),
                shared_with_guardians=rng.random() < 0.5,
            )
            for learner in learners
            for day in _school_days(days)
        ]
    )
    JournalPlanItem.objects.bulk_create(
        [JournalPlanItem(entry=e, position=p, text=f"Plan {p}", done=p == 1) for e in entries for p in (1, 2)]
    )
    comments = []
    for n, entry in enumerate(entries):
        if n % 2 == 0 and entry.learner_id in advisors:
            at = dt.datetime.combine(entry.day, dt.time(16), tzinfo=dt.UTC)
            comments.append(
                JournalComment(
                    entry=entry, author=advisors[entry.learner_id], body="Nice work", created_at=at
                )
            )
            entry.feedback_at = at
    JournalComment.objects.bulk_create(comments)
    JournalEntry.objects.bulk_update([e for e in entries if e.feedback_at], ["feedback_at"])
    TeamPost.objects.bulk_create(
        [
            TeamPost(
                learner=learner,
                author=advisors.get(learner.pk),
                kind=kind,
                body=f"{kind} text",
                staff_only=staff,
            )
            for learner in learners
            for kind, staff in (("note", False), ("note", True), ("message", False))
        ]
    )


def _measure(args: argparse.Namespace) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from trellis.apps.evidence.services import record_many
    from trellis.apps.frameworks.models import Competency
    from trellis.apps.imports.district import _evidence_batches
    from trellis.apps.imports.framework import import_framework
    from trellis.apps.imports.services import import_roster
    from trellis.apps.imports.synthetic import generate_district
    from trellis.apps.imports.synthetic_framework import synthetic_math_package
    from trellis.apps.rosters.models import District, Guardianship, Learner, TeamMembership
    from trellis.interop.oneroster import write_bundle

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(SEED)
    t0 = time.perf_counter()
    bundle, _ = generate_district(
        learners=args.learners, seed=SEED, today=TODAY, learners_per_school=args.learners + 1000
    )
    with tempfile.TemporaryDirectory(prefix="trellis-team-") as tmp:
        write_bundle(bundle, Path(tmp))
        imported = import_roster(tmp)
    assert imported.ok, imported.errors[:5]
    district = District.objects.get(sourced_id=bundle.orgs[0].sourced_id)
    framework = import_framework(synthetic_math_package(), district=district).framework
    assert framework is not None
    for batch in _evidence_batches(framework, args.evidence_per_learner, SEED):
        record_many(batch)
    competencies = list(Competency.objects.filter(framework=framework).exclude(kind=Competency.Kind.GROUPING))
    learners = list(Learner.objects.order_by("pk"))
    advisors = {
        m.team.learner_id: m.user
        for m in TeamMembership.objects.filter(role=TeamMembership.Role.ADVISOR).select_related(
            "team", "user"
        )
    }
    _team_data(learners, advisors, competencies, args.days, rng)
    setup_s = time.perf_counter() - t0

    advisor_id = (
        TeamMembership.objects.filter(role=TeamMembership.Role.ADVISOR)
        .values("user_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "user_id")
        .first()
    )
    assert advisor_id is not None
    User = get_user_model()
    advisor = User.objects.get(pk=advisor_id["user_id"])
    advisee = Learner.objects.filter(team__memberships__user=advisor).order_by("pk").first()
    one_child = (
        Guardianship.objects.values("guardian_id")
        .annotate(n=Count("pk"))
        .filter(n=1)
        .order_by("guardian_id")
        .first()
    )
    assert advisee is not None and one_child is not None
    guardian = User.objects.get(pk=one_child["guardian_id"])
    child = Learner.objects.get(guardianships__guardian=guardian)
    backend = "trellis.apps.accounts.backends.TrellisBackend"
    as_guardian, as_advisor = Client(), Client()
    as_guardian.force_login(guardian, backend=backend)
    as_advisor.force_login(advisor, backend=backend)
    urls = {
        "family": (as_guardian, reverse("family:portal", args=[child.public_id])),
        "board": (as_advisor, reverse("advise:board")),
        "themes": (as_advisor, reverse("advise:themes", args=[advisee.public_id])),
        "journal": (as_advisor, reverse("records:journal", args=[advisee.public_id])),
    }
    result: dict[str, Any] = {
        "learners": len(learners),
        "evidence_per_learner": args.evidence_per_learner,
        "journal_days": args.days,
        "advisees": Learner.objects.filter(team__memberships__user=advisor).count(),
        "setup_s": round(setup_s, 1),
    }
    for page, (client, url) in urls.items():
        times, queries = _timed(client, url, args.reads)
        result[page] = {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "queries": queries,
        }

    # More advisees for the advisor and more goals for the child: the statements must stay the same.
    others = list(
        Learner.objects.exclude(team__memberships__user=advisor).exclude(pk=child.pk).order_by("pk")[:15]
    )
    TeamMembership.objects.bulk_create(
        [
            TeamMembership(team=learner.team, user=advisor, role=TeamMembership.Role.ADVISOR)
            for learner in others
        ]
    )
    from trellis.apps.growth import services

    for n in range(4):
        goal = services.draft_goal(
            learner=child,
            drafted_by=child.user,
            title=f"Extra goal {n}",
            competencies=rng.sample(competencies, 2),
        )
        services.agree_goal(goal=goal, agreed_by=advisor)
    _, board_more = _timed(as_advisor, urls["board"][1], 1)
    _, family_more = _timed(as_guardian, urls["family"][1], 1)
    result["board"]["queries_with_15_more_advisees"] = board_more
    result["family"]["queries_with_4_more_goals"] = family_more
    return result


def run(db: str, args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    tag = f"t{args.learners}_{db}"
    url, drop = create_database(db, scratch, tag, args.pg_url)
    out = scratch / f"result-{tag}.json"
    env = dict(
        os.environ,
        DATABASE_URL=url,
        TRELLIS_DATA_DIR=str(scratch / "data"),
        TRELLIS_ENV="development",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
    )
    env.pop("TRELLIS_DEMO", None)
    command = [sys.executable, __file__, "--worker", "--result", str(out)]
    for name in ("learners", "evidence_per_learner", "days", "reads"):
        command += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
    print(f"... {args.learners} learners on {db}", file=sys.stderr, flush=True)
    try:
        subprocess.run(command, env=env, check=True, cwd=REPO)
        entry = json.loads(out.read_text())
    finally:
        drop()
    entry["db"] = db
    return entry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite and/or postgres")
    parser.add_argument("--learners", type=int, default=1000, help="learners in the district")
    parser.add_argument("--evidence-per-learner", type=int, default=40)
    parser.add_argument("--days", type=int, default=20, help="school days of journal per learner")
    parser.add_argument("--reads", type=int, default=30, help="timed requests per page")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--pg-url", default=DEFAULT_PG, help="server to create scratch databases on")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    dbs = [d.strip() for d in args.db.split(",") if d.strip()]
    report: dict[str, Any] = {
        "benchmark": "learning_team",
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "seed": SEED,
        "bars": BARS,
        "machine": machine(dbs, args.pg_url),
        "results": [],
    }
    with tempfile.TemporaryDirectory(prefix="trellis-team-bench-") as tmp:
        report["results"] = [run(db, args, Path(tmp)) for db in dbs]
    print_table(report)
    if args.json:
        write_json(report, args.json)


def print_table(report: dict[str, Any]) -> None:
    m = report["machine"]
    print(f"\nLearning team pages — {m['cpu_count']} CPU ({m['cpu']}), Python {m['python']}")
    print("p50 / p95 ms (SQL statements); family bar: p95 <= 50 ms\n")
    header = f"{'learners':>8} {'db':<8} " + " ".join(f"{page:>20}" for page in PAGES) + "  constant?"
    print(header)
    print("-" * len(header))
    for r in report["results"]:
        cells = " ".join(f"{r[p]['p50_ms']:>7} / {r[p]['p95_ms']:>6} ({r[p]['queries']:>2})" for p in PAGES)
        constant = (
            r["board"]["queries"] == r["board"]["queries_with_15_more_advisees"]
            and r["family"]["queries"] == r["family"]["queries_with_4_more_goals"]
        )
        print(f"{r['learners']:>8} {r['db']:<8} {cells}  {'yes' if constant else 'NO'}")


if __name__ == "__main__":
    main()
