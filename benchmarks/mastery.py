"""Evidence and mastery at district scale: bulk ingest vs raw insert, one evidence, and the read pages.

    .venv/bin/python benchmarks/mastery.py                  # 1k and 10k learners; both databases
    .venv/bin/python benchmarks/mastery.py --learners 1000 --db sqlite --batches 20 --json o.json

For every size and database a worker process gets a fresh database (a new SQLite file, or a new PostgreSQL
database that is dropped afterwards), migrates it, builds the district with `trellis generate-district`'s
loader (the roster through the OneRoster importer, the synthetic 120-competency framework through the CASE
importer, the evidence through `evidence.services.record_many`), and then measures, in that same process:

  ingest     evidence through POST /api/v1/evidence/bulk (Django test client, a signed-in teacher, batches
             of --batch rows for the learners of their 30-learner section; mastery updated), in rows/s,
             and a raw `executemany` INSERT of the same number of rows into the evidence table of the same
             database (values prepared beforehand, one transaction), in rows/s; the ratio is the bar (>= 10%)
  single     one evidence through POST /api/v1/evidence (mastery updated), p50/p95 over --single requests
  heatmap    the section mastery page (30 learners x 120 competencies), p50/p95 over --reads requests, and
             its SQL query count for a 30-learner and a 10-learner section (must be equal)
  continuum  the continuum page of the section's learner with the most evidence (as their teacher), p50/p95
             and query count
  family     the family home (term summary, folded from the log) of a guardian whose child is in another
             section, so that every run measures a child with the evidence the district was generated with
             (the section above gains ~340 rows per learner per run); p50/p95, query count, child's rows

With --phases, the ingest also reports where a bulk request's time goes: each step's wall time in ms per
request (resolving the rows' learners and competencies, of it the access check; building and checking the
rows; writing the evidence; updating mastery; Ninja's response; the commit), timed by wrapping those
functions during the ingest (a few microseconds per request). Without it nothing is wrapped.

Times are in-process server times (the test client calls the WSGI handler directly: middleware, view,
template; no network). The clock is frozen on a fixed school day. Medians of the percentiles over
--repeat runs are reported. Nothing here asserts a time; the benchmark only reports.
Output: a short table and, with --json, {"benchmark": "mastery", "machine": {...}, "results": [...]}.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.roster_import import DEFAULT_PG, create_database, machine, percentile, write_json  # noqa: E402

SEED = 2026
TODAY = dt.date(2026, 3, 2)
BARS = {"ingest_ratio": 0.10, "single_p95_ms": 20.0, "page_p95_ms": 50.0}


# --- the worker ------------------------------------------------------------------------------------------


def worker(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trellis.config.settings")
    import django

    django.setup()
    from django.utils import timezone

    from trellis.lib import clock

    noon = timezone.make_aware(dt.datetime.combine(TODAY, dt.time(12)))
    if args.reuse:
        # The bulk rows are observed in the half hour before "now": a later run must come later still, or
        # its rows would be back-dated against the last run's and every pair folded again from the log.
        from trellis.apps.evidence.models import Evidence

        # The newest row is the last run's raw insert, observed at its latest time (no scan of 10M rows).
        latest = Evidence.objects.order_by("-pk").values_list("observed_at", flat=True).first()
        # That run observed its single evidence 30 minutes later, at its "now": start an hour on.
        if latest is not None and latest + dt.timedelta(minutes=61) > noon:
            noon = latest + dt.timedelta(minutes=61)
    with clock.frozen_at(noon):
        _work(args, noon)


# The steps of a bulk evidence request: (label, module, attribute path) of the function timed.
PHASES = (
    ("resolve rows", "trellis.api.v1.learning", "_inputs"),
    ("of it: access check", "trellis.apps.rosters.access", "learners_to_assess"),
    ("build and check rows", "trellis.apps.evidence.services", "_build"),
    ("write evidence", "trellis.apps.evidence.services", "_insert_evidence"),
    ("update mastery", "trellis.apps.evidence.services", "_update_mastery"),
    ("response", "ninja.operation", "Operation._result_to_response"),
    ("commit", "django.db.backends.base.base", "BaseDatabaseWrapper.commit"),
)


@contextlib.contextmanager
def _phases_timed(enabled: bool) -> Iterator[dict[str, float]]:
    """Seconds spent in each of PHASES while the block runs (empty when not enabled): each function is
    replaced by a timing wrapper for the block, and put back after it."""
    spent: dict[str, float] = {}
    if not enabled:
        yield spent
        return
    restore = []
    for label, module_name, path in PHASES:
        owner: Any = importlib.import_module(module_name)
        *parents, name = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        original = getattr(owner, name)
        spent[label] = 0.0

        def timed(*a: Any, _original: Any = original, _label: str = label, **kw: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return _original(*a, **kw)
            finally:
                spent[_label] += time.perf_counter() - t0

        setattr(owner, name, timed)
        restore.append((owner, name, original))
    try:
        yield spent
    finally:
        for owner, name, original in restore:
            setattr(owner, name, original)


def _counted(call: Any) -> tuple[Any, int]:
    """Run call() and count the SQL statements it sends (request_started resets Django's own query log)."""
    from django.db import connection

    count = 0

    def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        return call(), count


def _timed_gets(client: Any, url: str, n: int) -> tuple[list[float], int]:
    for _ in range(3):  # warm up: templates, caches, connection
        assert client.get(url).status_code == 200, url
    response, queries = _counted(lambda: client.get(url))
    assert response.status_code == 200, url
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, url
    return times, queries


def _summary(times: list[float]) -> dict[str, float]:
    return {"p50_ms": round(percentile(times, 0.5), 2), "p95_ms": round(percentile(times, 0.95), 2)}


def _existing_district() -> Any:
    """The summary of a district generated by an earlier run kept with --keep."""
    from django.contrib.auth import get_user_model

    from trellis.apps.evidence.models import Evidence, MasteryState
    from trellis.apps.frameworks.models import Competency, Framework
    from trellis.apps.imports.district import DistrictSummary
    from trellis.apps.rosters.models import Learner, Section

    framework = Framework.objects.order_by("pk").first()
    assert framework is not None, "no generated district in this database"
    return DistrictSummary(
        learners=Learner.objects.count(),
        users=get_user_model().objects.count(),
        sections=Section.objects.count(),
        competencies=Competency.objects.filter(framework=framework)
        .exclude(kind=Competency.Kind.GROUPING)
        .count(),
        evidence=Evidence.objects.count(),
        mastery_states=MasteryState.objects.count(),
        framework_id=framework.pk,
    )


def _work(args: argparse.Namespace, noon: dt.datetime) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from trellis.apps.evidence.models import Evidence
    from trellis.apps.frameworks.models import Competency
    from trellis.apps.imports.district import load_district
    from trellis.apps.rosters.models import Enrollment, Guardianship, Learner, Section
    from trellis.config.memory import settle_worker

    result: dict[str, Any] = {}
    call_command("migrate", verbosity=0, interactive=False)
    t0 = time.perf_counter()
    if args.reuse:
        summary = _existing_district()
    else:
        summary = load_district(
            learners=args.learners, evidence_per_learner=args.evidence_per_learner, seed=SEED, class_size=30
        )
    result["generate_s"] = time.perf_counter() - t0
    # A server worker freezes what it loaded at start and again as its first requests warm it up
    # (trellis/config/wsgi.py, config/memory.py); here that starts after the district was generated.
    settle_worker()
    result["district"] = {
        "learners": summary.learners,
        "users": summary.users,
        "sections": summary.sections,
        "competencies": summary.competencies,
        "evidence": summary.evidence,
        "mastery_states": summary.mastery_states,
    }

    # A scheduled 30-learner section, its teacher, and a 10-learner copy of it taught by the same teacher.
    section = next(
        s
        for s in Section.objects.filter(kind=Section.Kind.SCHEDULED).order_by("pk")
        if Enrollment.objects.filter(section=s, role=Enrollment.Role.LEARNER).count() == 30
    )
    teacher_enrollment = Enrollment.objects.filter(section=section, role=Enrollment.Role.TEACHER).first()
    assert teacher_enrollment is not None
    teacher = teacher_enrollment.user
    small = Section.objects.create(
        school=section.school,
        course=section.course,
        title=f"{section.title} (10)",
        kind=section.kind,
        grades=section.grades,
    )
    small.terms.set(section.terms.all())
    for enrollment in [
        teacher_enrollment,
        *Enrollment.objects.filter(section=section, role=Enrollment.Role.LEARNER).order_by("pk")[:10],
    ]:
        enrollment.pk, enrollment.public_id, enrollment.sourced_id, enrollment.section = (
            None,
            uuid.uuid4(),
            None,
            small,
        )
        enrollment.save()
    learner_users = Enrollment.objects.filter(section=section, role=Enrollment.Role.LEARNER).values("user_id")
    learners = list(Learner.objects.filter(user_id__in=learner_users).order_by("pk"))
    competencies = list(
        Competency.objects.filter(framework_id=summary.framework_id)
        .exclude(kind=Competency.Kind.GROUPING)
        .order_by("sequence")
    )
    client = Client()
    client.force_login(teacher)

    # (a) bulk ingest through the API, then the raw insert of the same number of rows.
    base = noon - dt.timedelta(minutes=30)
    total = args.batches * args.batch
    payloads, raw_rows, n = [], [], 0
    for _ in range(args.batches):
        rows = []
        for _ in range(args.batch):
            learner = learners[n % len(learners)]
            competency = competencies[(n // len(learners)) % len(competencies)]
            at = base + dt.timedelta(milliseconds=n)
            rows.append(
                {
                    "learner": str(learner.public_id),
                    "competency": str(competency.public_id),
                    "source": "practice",
                    "level": float(1 + n % 4),
                    "observed_at": at.isoformat(),
                }
            )
            raw_rows.append((learner.pk, competency.pk, float(1 + n % 4), at))
            n += 1
        payloads.append(json.dumps({"rows": rows}))
    before = Evidence.objects.count()
    with _phases_timed(args.phases) as phases:
        t0, c0 = time.perf_counter(), time.process_time()
        for body in payloads:
            response = client.post("/api/v1/evidence/bulk", body, content_type="application/json")
            assert response.status_code == 201, response.content[:500]
        api_s, api_cpu = time.perf_counter() - t0, time.process_time() - c0
    assert Evidence.objects.count() == before + total

    # (b) one evidence at a time.
    single = []
    for i in range(args.single + 5):
        body = json.dumps(
            {
                "learner": str(learners[i % len(learners)].public_id),
                "competency": str(competencies[(i * 7) % len(competencies)].public_id),
                "source": "observation",
                "level": float(1 + i % 4),
            }
        )
        t0 = time.perf_counter()
        response = client.post("/api/v1/evidence", body, content_type="application/json")
        elapsed = (time.perf_counter() - t0) * 1000
        assert response.status_code == 201, response.content[:500]
        if i >= 5:  # the first few warm up
            single.append(elapsed)
    _response, queries = _counted(
        lambda: client.post("/api/v1/evidence", body, content_type="application/json")
    )
    result["single"] = _summary(single) | {"queries": queries}

    # (c) the read pages.
    heat30, q30 = _timed_gets(client, f"/teach/sections/{section.public_id}/mastery/", args.reads)
    heat10, q10 = _timed_gets(client, f"/teach/sections/{small.public_id}/mastery/", args.reads)
    result["heatmap"] = _summary(heat30) | {
        "queries_30": q30,
        "queries_10": q10,
        "p95_ms_10": _summary(heat10)["p95_ms"],
    }
    busiest = max(learners, key=lambda lr: Evidence.objects.filter(learner=lr).count())
    cont, qc = _timed_gets(client, f"/learners/{busiest.public_id}/continuum/", args.reads)
    result["continuum"] = _summary(cont) | {"queries": qc}
    # A family outside the section this benchmark writes to: each run (and each --reuse run) sees the same
    # child, with the evidence the district was generated with, not the rows earlier runs piled on.
    other_section = next(
        s
        for s in Section.objects.filter(kind=Section.Kind.SCHEDULED).exclude(pk=section.pk).order_by("pk")
        if Enrollment.objects.filter(section=s, role=Enrollment.Role.LEARNER).count() == 30
    )
    others = Enrollment.objects.filter(section=other_section, role=Enrollment.Role.LEARNER).values("user_id")
    link = (
        Guardianship.objects.filter(learner__user_id__in=others, restricted=False)
        .select_related("guardian")
        .order_by("pk")
        .first()
    )
    assert link is not None
    guardian_client = Client()
    guardian_client.force_login(link.guardian)
    fam, qf = _timed_gets(guardian_client, "/family/", args.reads)
    children = Guardianship.objects.filter(guardian=link.guardian).count()
    child_evidence = Evidence.objects.filter(learner_id=link.learner_id).count()
    result["family"] = _summary(fam) | {"queries": qf, "children": children, "child_evidence": child_evidence}

    # The raw insert last: its rows have no mastery, so nothing is measured after it.
    fields: list[Any] = [
        Evidence._meta.get_field(name)
        for name in (
            "public_id",
            "learner",
            "competency",
            "source",
            "level",
            "observed_at",
            "recorded_at",
            "note",
            "source_ref",
        )
    ]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {Evidence._meta.db_table} ({columns}) VALUES ({marks})"  # noqa: S608 (model names)
    prepared = [
        tuple(
            f.get_db_prep_value(v, connection, prepared=False)
            for f, v in zip(fields, (uuid.uuid4(), lp, cp, "practice", level, at, noon, "", ""), strict=True)
        )
        for lp, cp, level, at in raw_rows
    ]
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, prepared)
    raw_s = time.perf_counter() - t0
    result["ingest"] = {
        "rows": total,
        "batch": args.batch,
        "api_rows_per_s": round(total / api_s),
        "api_cpu_s": round(api_cpu, 3),
        "raw_rows_per_s": round(total / raw_s),
        "ratio": round((total / api_s) / (total / raw_s), 4),
    }
    if args.phases:
        result["ingest"]["phases_ms"] = {
            name: round(seconds * 1000 / args.batches, 1) for name, seconds in phases.items()
        } | {"request": round(api_s * 1000 / args.batches, 1)}
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["db_vendor"] = connection.vendor
    Path(args.result).write_text(json.dumps(result))


# --- the driver ------------------------------------------------------------------------------------------


def run_one(learners: int, db: str, rep: int, args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    tag = f"m{learners}_{db}_{rep}"
    if args.reuse:
        url, drop = args.reuse, lambda: None
    else:
        url, drop = create_database(db, scratch.parent if args.keep else scratch, tag, args.pg_url)
        if args.keep:
            print(f"... keeping the database: {url}", flush=True)
            drop = lambda: None  # noqa: E731
    out = scratch / f"result-{tag}.json"
    env = dict(
        os.environ,
        DATABASE_URL=url,
        TRELLIS_DATA_DIR=str(scratch / "data"),
        TRELLIS_ENV="development",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
    )
    env.pop("TRELLIS_DEMO", None)
    command = [sys.executable, __file__, "--worker", "--result", str(out), "--learners", str(learners)]
    command += ["--reuse", url] if args.reuse else []
    for name in ("evidence_per_learner", "batch", "batches", "single", "reads"):
        command += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
    command += ["--phases"] if args.phases else []
    try:
        subprocess.run(command, env=env, check=True, cwd=REPO)
        return json.loads(out.read_text())
    finally:
        drop()


def _median(runs: list[dict[str, Any]], part: str, key: str) -> float:
    return round(statistics.median(r[part][key] for r in runs), 4 if key == "ratio" else 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", default="1000,10000", help="comma-separated sizes in learners")
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--evidence-per-learner", type=int, default=50, help="generated evidence per learner")
    parser.add_argument("--batch", type=int, default=1000, help="rows per bulk API request")
    parser.add_argument("--batches", type=int, default=10, help="bulk API requests")
    parser.add_argument("--single", type=int, default=200, help="single-evidence requests")
    parser.add_argument("--reads", type=int, default=50, help="requests per page")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per size and database (fresh database each)"
    )
    parser.add_argument(
        "--phases", action="store_true", help="also time the steps of a bulk request (ms per request)"
    )
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--pg-url", default=DEFAULT_PG, help="server to create scratch databases on")
    parser.add_argument(
        "--keep", action="store_true", help="keep each generated database (its URL is printed) for --reuse"
    )
    parser.add_argument(
        "--reuse",
        help="measure on a database kept by --keep (its DATABASE_URL; give one size and one --db)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        args.learners = int(args.learners)
        worker(args)
        return
    sizes = [int(s) for s in args.learners.split(",") if s.strip()]
    dbs = [d.strip() for d in args.db.split(",") if d.strip()]
    for db in dbs:
        if db not in {"sqlite", "postgres"}:
            parser.error(f"unknown database {db!r}: use sqlite and/or postgres")
    report: dict[str, Any] = {
        "benchmark": "mastery",
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "seed": SEED,
        "today": TODAY.isoformat(),
        "bars": BARS,
        "settings": {
            k: getattr(args, k) for k in ("evidence_per_learner", "batch", "batches", "single", "reads")
        },
        "machine": machine(dbs, args.pg_url),
        "results": [],
    }
    # Kept databases (SQLite files) live under var/, not in a directory removed at the end.
    keep_dir = REPO / "var" / "bench-kept"
    if args.keep:
        keep_dir.mkdir(parents=True, exist_ok=True)
    parent = keep_dir if args.keep else None
    with tempfile.TemporaryDirectory(prefix="trellis-mastery-bench-", dir=parent) as tmp:
        for learners in sizes:
            for db in dbs:
                runs = []
                for rep in range(max(1, args.repeat)):
                    print(f"... {learners} learners on {db}, run {rep + 1}", file=sys.stderr, flush=True)
                    runs.append(run_one(learners, db, rep, args, Path(tmp)))
                entry: dict[str, Any] = {"learners": learners, "db": db, "repeat": len(runs)}
                entry["district"] = runs[0]["district"]
                entry["generate_s"] = round(statistics.median(r["generate_s"] for r in runs), 1)
                entry["ingest"] = {
                    k: _median(runs, "ingest", k) for k in ("api_rows_per_s", "raw_rows_per_s", "ratio")
                } | {"rows": runs[0]["ingest"]["rows"], "batch": args.batch}
                for part in ("single", "heatmap", "continuum", "family"):
                    entry[part] = {k: _median(runs, part, k) for k in ("p50_ms", "p95_ms")}
                entry["single"]["queries"] = runs[0]["single"]["queries"]
                entry["heatmap"] |= {
                    k: runs[0]["heatmap"][k] for k in ("queries_30", "queries_10", "p95_ms_10")
                }
                entry["continuum"]["queries"] = runs[0]["continuum"]["queries"]
                entry["family"] |= {
                    k: runs[0]["family"][k] for k in ("queries", "children", "child_evidence")
                }
                if args.phases:
                    entry["ingest"]["phases_ms"] = {
                        k: round(statistics.median(r["ingest"]["phases_ms"][k] for r in runs), 1)
                        for k in runs[0]["ingest"]["phases_ms"]
                    }
                entry["runs"] = runs
                report["results"].append(entry)
    print_table(report)
    if args.json:
        write_json(report, args.json)


def print_table(report: dict[str, Any]) -> None:
    m = report["machine"]
    versions = f"SQLite {m['sqlite']}" + (f", PostgreSQL {m['postgres']}" if "postgres" in m else "")
    print(f"\nEvidence and mastery — {m['cpu_count']} CPU ({m['cpu']}), Python {m['python']}, {versions}")
    print("ingest in rows/s (bar: API >= 10% of raw)")
    print("times p50/p95 in ms (bars: single p95 <= 20, pages <= 50); q = SQL queries per request\n")
    header = (
        f"{'learners':>8} {'db':<8} {'evidence':>9} {'api r/s':>8} {'raw r/s':>8} {'ratio':>6} "
        f"{'single':>11} {'heatmap':>11} {'q30/q10':>7} {'continuum':>11} {'q':>3} {'family':>11} {'q':>3}"
    )
    print(header)
    print("-" * len(header))

    def pp(r: dict[str, Any], part: str) -> str:
        return f"{r[part]['p50_ms']:.1f}/{r[part]['p95_ms']:.1f}"

    for r in report["results"]:
        ingest, heat = r["ingest"], r["heatmap"]
        print(
            f"{r['learners']:>8} {r['db']:<8} {r['district']['evidence']:>9} "
            f"{ingest['api_rows_per_s']:>8.0f} {ingest['raw_rows_per_s']:>8.0f} {ingest['ratio']:>6.1%} "
            f"{pp(r, 'single'):>11} {pp(r, 'heatmap'):>11} {heat['queries_30']:>3}/{heat['queries_10']:<3} "
            f"{pp(r, 'continuum'):>11} {r['continuum']['queries']:>3} "
            f"{pp(r, 'family'):>11} {r['family']['queries']:>3}"
        )
    for r in report["results"]:
        if "phases_ms" in r["ingest"]:
            steps = ", ".join(f"{k} {v}" for k, v in r["ingest"]["phases_ms"].items())
            print(f"\n{r['learners']} {r['db']}, ms per bulk request: {steps}")


if __name__ == "__main__":
    main()
