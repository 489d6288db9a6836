"""Pathways: suggestions for one learner in the pure learner model, the school-wide recompute on SQLite and
PostgreSQL, and the learner simulation (does following the suggestions help?).

    .venv/bin/python benchmarks/pathways.py                        # all three parts
    .venv/bin/python benchmarks/pathways.py --part pure --json var/pathways.json
    .venv/bin/python benchmarks/pathways.py --part school --db sqlite --learners 2000 --repeat 3

pure        `learner_model.pathways.suggest` for one learner on a generated 500-competency framework
            (layered prerequisite graph, three activities per competency, 1,500 activities): --learners-pure
            different learners (each with a prefix of the graph mastered, work in progress, targets, a goal,
            interests, priorities, an assignment and reviews due), each timed --rounds times after a warm-up;
            median and p95 in ms over every call (bar: 5 ms). Also `pacing.pace` for the same learners.
school      `pathways.selectors.school_suggestions(school)` for a generated school of --learners learners
            (the roster through the OneRoster importer, the synthetic 120-competency framework through the
            CASE importer, --evidence-per-learner evidence each through `evidence.services.record_many`,
            three activities per competency, plan targets for half the learners, a priority and a lock in
            every tenth section, assignments, and growth profiles with interests and working styles): a
            fresh database per run (a new SQLite file, or a new PostgreSQL database that is dropped
            afterwards), the clock frozen on a school day; wall time of the whole recompute (queries + the
            learner model for every learner), median of --rounds calls, its SQL query count, and the query
            count again with 100 more learners (must be equal). Bar: 2,000 learners in <= 10 s.
simulation  `trellis bench pathways` (trellis/learner_model/pathways_simulation.py) with its defaults.

Nothing here asserts a time; the benchmark only reports. Output: a table, and with --json
{"benchmark": "pathways", "machine": {...}, "results": {...}}.
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
TODAY = dt.date(2026, 3, 2)
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/helper_pathways"
BARS = {"pure_ms": 5.0, "school_2000_s": 10.0}
INTERESTS = ("music", "sports", "art", "animals", "cooking", "games", "space", "travel", "money", "nature")
MODALITIES = ("text", "video", "audio", "hands_on", "discussion", "digital_practice")


# --- pure: one learner, 500 competencies ---------------------------------------------------------------


def pure(args: argparse.Namespace) -> dict[str, Any]:
    from trellis.learner_model.pacing import pace
    from trellis.learner_model.pathways import (
        ActivityInfo,
        Catalog,
        LearnerState,
        PathwayGraph,
        ready_fringe,
        suggest,
    )

    rng = random.Random(SEED)
    n, layers = 500, 25
    layer_of = [i * layers // n for i in range(n)]
    by_layer: dict[int, list[int]] = {}
    for c, k in enumerate(layer_of):
        by_layer.setdefault(k, []).append(c)
    prerequisites = {
        c: rng.sample(by_layer[k - 1], rng.randint(1, 3)) for c, k in enumerate(layer_of) if k > 0
    }
    t0 = time.perf_counter()
    graph = PathwayGraph(range(n), prerequisites)
    kinds = ("practice_set", "reading", "performance_task")
    catalog = Catalog(
        ActivityInfo(
            c * 3 + j,
            kinds[j],
            rng.choice(MODALITIES),
            (c,) if j < 2 or c == 0 else (c, rng.choice(prerequisites.get(c, [c]))),
            frozenset(rng.sample(INTERESTS, 2)),
            rng.choice((10, 15, 20, 45)),
        )
        for c in range(n)
        for j in range(3)
    )
    build_ms = (time.perf_counter() - t0) * 1000
    learners = []
    for _ in range(args.learners_pure):
        depth = rng.randint(3, layers - 4)
        mastered: dict[int, dt.date | None] = {}
        for c in graph.order:
            if (
                layer_of[c] < depth
                and all(p in mastered for p in prerequisites.get(c, ()))
                and rng.random() < (1.0 if layer_of[c] < depth - 2 else 0.7)
            ):
                mastered[c] = TODAY - dt.timedelta(days=rng.randint(0, 120))
        frontier = [c for c in range(n) if c not in mastered and layer_of[c] <= depth + 1]
        targets = {
            rng.choice(by_layer[min(layers - 1, depth + 3)]): TODAY + dt.timedelta(days=rng.randint(20, 120))
            for _ in range(5)
        }
        learners.append(
            LearnerState(
                mastered=mastered,
                estimates={c: rng.random() * 0.9 for c in rng.sample(frontier, min(12, len(frontier)))},
                evidence_counts={c: rng.randint(1, 9) for c in frontier[:12]},
                reviews_due={
                    c: TODAY - dt.timedelta(days=rng.randint(0, 20))
                    for c in rng.sample(list(mastered), min(15, len(mastered)))
                },
                tags=frozenset({*rng.sample(INTERESTS, 2), "hands_on"}),
                goals={rng.choice(by_layer[min(layers - 1, depth + 2)]): "My goal"},
                targets=targets,
                priorities=frozenset(rng.sample(frontier, 2)),
                locked=frozenset(rng.sample(frontier, 1)),
                assignments={rng.choice(frontier) * 3: TODAY + dt.timedelta(days=3)},
                recent_modalities=("digital_practice", "digital_practice", "text"),
                recent_activities=frozenset(rng.sample(range(3 * n), 5)),
            )
        )
    suggest_ms: list[float] = []
    pace_ms: list[float] = []
    options = []
    fringe = [len(ready_fringe(graph, state.mastered)) for state in learners]
    for state in learners:
        suggest(graph, catalog, state, today=TODAY)  # warm-up
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            found = suggest(graph, catalog, state, today=TODAY)
            suggest_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            pace(graph, state.targets, state.mastered, today=TODAY)
            pace_ms.append((time.perf_counter() - t0) * 1000)
        options.append(len(found))
    return {
        "competencies": n,
        "activities": 3 * n,
        "learners": len(learners),
        "calls": len(suggest_ms),
        "graph_and_catalog_build_ms": round(build_ms, 2),
        "suggest_p50_ms": round(statistics.median(suggest_ms), 3),
        "suggest_p95_ms": round(percentile(suggest_ms, 0.95), 3),
        "pace_p50_ms": round(statistics.median(pace_ms), 3),
        "pace_p95_ms": round(percentile(pace_ms, 0.95), 3),
        "options_min": min(options),
        "fringe_mean": round(statistics.mean(fringe), 1),
        "mastered_mean": round(statistics.mean(len(s.mastered) for s in learners), 1),
    }


# --- school: the recompute on a database ---------------------------------------------------------------


def worker(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trellis.config.settings")
    import django

    django.setup()
    from django.utils import timezone

    from trellis.lib import clock

    with clock.frozen_at(timezone.make_aware(dt.datetime.combine(TODAY, dt.time(12)))):
        result = _school(args)
    Path(args.result).write_text(json.dumps(result))


def _counted(call: Any) -> tuple[Any, int]:
    from django.db import connection

    count = 0

    def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        return call(), count


def _school(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command

    from trellis.apps.evidence.services import record_many
    from trellis.apps.frameworks.models import Competency
    from trellis.apps.growth.models import LearnerProfile
    from trellis.apps.imports.district import _evidence_batches
    from trellis.apps.imports.framework import import_framework
    from trellis.apps.imports.services import import_roster
    from trellis.apps.imports.synthetic import generate_district
    from trellis.apps.imports.synthetic_framework import synthetic_math_package
    from trellis.apps.learning.models import Activity
    from trellis.apps.learning.services import create_activity
    from trellis.apps.pathways import selectors
    from trellis.apps.pathways.models import Assignment, Plan, PlanTarget, Steer
    from trellis.apps.rosters.models import District, Enrollment, Learner, School, Section
    from trellis.interop.oneroster import write_bundle
    from trellis.lib import clock

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(SEED)
    t0 = time.perf_counter()
    bundle, _ = generate_district(
        learners=args.learners,
        seed=SEED,
        today=TODAY,
        learners_per_school=args.learners + 1000,
        class_size=30,
    )
    with tempfile.TemporaryDirectory(prefix="trellis-pathways-") as tmp:
        write_bundle(bundle, Path(tmp))
        imported = import_roster(tmp)
    assert imported.ok, imported.errors[:5]
    district = District.objects.get(sourced_id=bundle.orgs[0].sourced_id)
    framework = import_framework(synthetic_math_package(), district=district).framework
    assert framework is not None
    for batch in _evidence_batches(framework, args.evidence_per_learner, SEED):
        record_many(batch)
    competencies = list(Competency.objects.filter(framework=framework).exclude(kind=Competency.Kind.GROUPING))
    kinds = (Activity.Kind.PRACTICE_SET, Activity.Kind.READING, Activity.Kind.VIDEO)
    for competency in competencies:
        for kind in kinds:
            create_activity(
                title=f"{competency.human_code} {kind}",
                kind=kind,
                competencies=[competency],
                interests=rng.sample(INTERESTS, 2),
                district=district,
            )
    school = School.objects.get()
    learners = list(Learner.objects.filter(school=school).order_by("pk"))
    now = clock.now()
    plans = Plan.objects.bulk_create([Plan(learner=learner, created_at=now) for learner in learners[::2]])
    PlanTarget.objects.bulk_create(
        [
            PlanTarget(
                plan=plan,
                competency=c,
                target_date=TODAY + dt.timedelta(days=rng.randint(20, 100)),
                set_at=now,
            )
            for plan in plans
            for c in rng.sample(competencies, 2)
        ]
    )
    LearnerProfile.objects.bulk_create(
        [
            LearnerProfile(
                learner=learner, interests=rng.sample(INTERESTS, 3), working_styles=[rng.choice(MODALITIES)]
            )
            for learner in learners
        ]
    )
    sections = list(Section.objects.filter(school=school, kind=Section.Kind.SCHEDULED).order_by("pk"))
    for section in sections[::10]:
        first, second = rng.sample(competencies, 2)
        Steer.objects.bulk_create(
            [
                Steer(section=section, competency=first, kind="priority"),
                Steer(section=section, competency=second, kind="lock"),
            ]
        )
    activities = list(Activity.objects.filter(kind=Activity.Kind.PRACTICE_SET))
    by_user = {learner.user_id: learner for learner in learners}
    assignments = []
    for section in sections[::5]:
        activity = rng.choice(activities)
        for user_id in Enrollment.objects.filter(section=section, role=Enrollment.Role.LEARNER).values_list(
            "user_id", flat=True
        ):
            if user_id in by_user:
                assignments.append(
                    Assignment(section=section, learner=by_user[user_id], activity=activity, assigned_at=now)
                )
    Assignment.objects.bulk_create(assignments)
    setup_s = time.perf_counter() - t0

    found, queries = _counted(lambda: selectors.school_suggestions(school))
    times = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        found = selectors.school_suggestions(school)
        times.append(time.perf_counter() - t0)
    context = selectors.school_context(school)
    t0 = time.perf_counter()
    inputs = selectors.path_inputs(context, learners)
    inputs_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    selectors.suggestions_for(context, inputs.values())
    rank_s = time.perf_counter() - t0
    # 100 more learners: the number of queries must not change.
    extra = []
    for n in range(100):
        user = learners[0].user.__class__.objects.create_user(username=f"bench-extra-{n}")
        extra.append(Learner(user=user, school=school, grade=rng.choice(("06", "07", "08"))))
    Learner.objects.bulk_create(extra)
    _, queries_more = _counted(lambda: selectors.school_suggestions(school))
    return {
        "learners": len(learners),
        "competencies": len(competencies),
        "activities": Activity.objects.count(),
        "evidence_per_learner": args.evidence_per_learner,
        "setup_s": round(setup_s, 1),
        "recompute_p50_s": round(statistics.median(times), 3),
        "recompute_max_s": round(max(times), 3),
        "inputs_s": round(inputs_s, 3),
        "ranking_s": round(rank_s, 3),
        "queries": queries,
        "queries_with_100_more": queries_more,
        "options_min": min(len(options) for options in found.values()),
        "options_mean": round(statistics.mean(len(options) for options in found.values()), 2),
    }


def school(db: str, args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    runs = []
    for rep in range(max(1, args.repeat)):
        tag = f"p{args.learners}_{db}_{rep}"
        url, drop = create_database(db, scratch, tag, args.pg_url)
        out = scratch / f"result-{tag}.json"
        env = dict(
            os.environ, DATABASE_URL=url, TRELLIS_DATA_DIR=str(scratch / "data"), TRELLIS_ENV="development"
        )
        env.pop("TRELLIS_DEMO", None)
        command = [sys.executable, __file__, "--worker", "--result", str(out)]
        for name in ("learners", "evidence_per_learner", "rounds"):
            command += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
        print(f"... school of {args.learners} learners on {db}, run {rep + 1}", file=sys.stderr, flush=True)
        try:
            subprocess.run(command, env=env, check=True, cwd=REPO)
            runs.append(json.loads(out.read_text()))
        finally:
            drop()
    entry = dict(runs[0])
    for key in ("recompute_p50_s", "recompute_max_s", "inputs_s", "ranking_s", "setup_s"):
        entry[key] = round(statistics.median(r[key] for r in runs), 3)
    entry["db"], entry["repeat"], entry["runs"] = db, len(runs), runs
    return entry


# --- the report ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", default="pure,school,simulation", help="pure, school and/or simulation")
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite and/or postgres (school part)")
    parser.add_argument("--learners", type=int, default=2000, help="learners in the school")
    parser.add_argument("--evidence-per-learner", type=int, default=40)
    parser.add_argument("--learners-pure", type=int, default=200, help="learners for the pure timing")
    parser.add_argument("--rounds", type=int, default=5, help="timed calls per learner (pure) or school")
    parser.add_argument("--repeat", type=int, default=1, help="school runs per database, fresh each")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--pg-url", default=DEFAULT_PG, help="server to create scratch databases on")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    parts = [p.strip() for p in args.part.split(",") if p.strip()]
    dbs = [d.strip() for d in args.db.split(",") if d.strip()]
    report: dict[str, Any] = {
        "benchmark": "pathways",
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "seed": SEED,
        "bars": BARS,
        "machine": machine(dbs if "school" in parts else [], args.pg_url),
        "results": {},
    }
    if "pure" in parts:
        report["results"]["pure"] = pure(args)
    if "school" in parts:
        with tempfile.TemporaryDirectory(prefix="trellis-pathways-bench-") as tmp:
            report["results"]["school"] = [school(db, args, Path(tmp)) for db in dbs]
    if "simulation" in parts:
        from trellis.learner_model.pathways_simulation import SimulationConfig, run_simulation

        report["results"]["simulation"] = run_simulation(SimulationConfig())
    print_table(report)
    if args.json:
        write_json(report, args.json)


def print_table(report: dict[str, Any]) -> None:
    results = report["results"]
    m = report["machine"]
    print(f"\nPathways — {m['cpu_count']} CPU ({m['cpu']}), Python {m['python']}")
    if "pure" in results:
        p = results["pure"]
        print(
            f"pure, {p['competencies']} competencies / {p['activities']} activities, {p['calls']} calls: "
            f"suggest p50 {p['suggest_p50_ms']} ms, p95 {p['suggest_p95_ms']} ms (bar 5 ms); "
            f"pace p50 {p['pace_p50_ms']} ms; at least {p['options_min']} options; "
            f"{p['mastered_mean']} mastered and {p['fringe_mean']} ready on average"
        )
    for s in results.get("school", []):
        print(
            f"school, {s['learners']} learners on {s['db']}: recompute {s['recompute_p50_s']} s "
            f"(inputs {s['inputs_s']} s + ranking {s['ranking_s']} s; bar 10 s), {s['queries']} queries "
            f"({s['queries_with_100_more']} with 100 more learners), options mean {s['options_mean']}"
        )
    if "simulation" in results:
        from trellis.learner_model.pathways_simulation import format_table

        print("simulation (attempts to reach the targets, mean over seeds):")
        print(format_table(results["simulation"]))


if __name__ == "__main__":
    main()
