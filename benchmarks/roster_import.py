"""OneRoster import benchmark: first import, idempotent re-import, 1% delta and year-end; SQLite + PostgreSQL.

    .venv/bin/python benchmarks/roster_import.py                          # 1k, 10k, 50k users; both databases
    .venv/bin/python benchmarks/roster_import.py --users 1000 --db sqlite --repeat 5 --json out.json
    .venv/bin/python benchmarks/roster_import.py --users 50000 --profile var/profiles   # cProfile of import

Sizes are in USERS (learners, guardians and staff together): the seeded synthetic district
(`trellis.apps.imports.synthetic.generate_district`) is sized so that its user count is close to the target,
and the actual count is reported. Each size is generated once, written as a OneRoster CSV bundle into a
temporary directory, and then, for every database and every repetition, a worker process gets a fresh
database (a new SQLite file, or a new PostgreSQL database that is dropped afterwards), migrates it and times:

  parse      parse_bundle() of the bundle alone
  import     the first import, end to end (services.import_roster: parse + plan + apply, one transaction),
             with its parse / plan / apply split
  reimport   importing the same bundle again; it must plan zero changes (asserted: the idempotency check)
  delta      a bulk bundle where 1% of the users have a new family name; it must plan exactly those
             user updates and nothing else (asserted)
  yearend    then the same bundle with an empty enrollments file, as at the end of a school year: every
             enrollment and every advisor link must be ended, nothing else (asserted) -- a large update

Figures are medians over the repetitions (3 by default). The bar (QUALITY.md in the shared design notes):
50k users imported in <= 60 s, with a progress bar.
Output: a short table on stdout and, with --json,
{"benchmark": "roster_import", "machine": {...}, "results": [...]}.
Nothing here asserts a time; the benchmark only reports.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import io
import json
import os
import platform
import pstats
import random
import resource
import shutil
import sqlite3
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

SEED = 2026
TODAY = dt.date(2026, 3, 2)  # a fixed school day, so the generated roster (and its end dates) never drifts
DELTA_SHARE = 0.01
BAR_USERS, BAR_SECONDS = 50_000, 60.0
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"
PHASES = ("parse", "import", "import_parse", "import_plan", "import_apply", "reimport", "delta", "yearend")


# --- the bundles -----------------------------------------------------------------------------------------


def _district(learners: int) -> Any:
    from trellis.apps.imports.synthetic import generate_district

    bundle, _ = generate_district(learners=learners, seed=SEED, today=TODAY)
    return bundle


def learners_for(users: int) -> int:
    """How many learners give a district of about `users` users (a 2,000-learner pilot gives the ratio)."""
    pilot = 2000
    ratio = len(_district(pilot).users) / pilot
    return max(10, round(users / ratio))


def delta_of(bundle: Any) -> tuple[Any, int]:
    """The same bundle with DELTA_SHARE of its users renamed (seeded): a typical nightly sync."""
    rng = random.Random(SEED)
    chosen = set(rng.sample(range(len(bundle.users)), max(1, round(len(bundle.users) * DELTA_SHARE))))
    users = tuple(
        dataclasses.replace(u, family_name=f"{u.family_name}-Lee") if i in chosen else u
        for i, u in enumerate(bundle.users)
    )
    return dataclasses.replace(bundle, users=users, source=f"{bundle.source}:delta"), len(chosen)


def prepare(users: int, root: Path) -> dict[str, Any]:
    from trellis.interop.oneroster import write_bundle

    learners = learners_for(users)
    started = time.perf_counter()
    bundle = _district(learners)
    generated = time.perf_counter() - started
    full, delta, yearend = root / f"u{users}-full", root / f"u{users}-delta", root / f"u{users}-yearend"
    write_bundle(bundle, full)
    changed_bundle, changed = delta_of(bundle)
    write_bundle(changed_bundle, delta)
    write_bundle(
        dataclasses.replace(changed_bundle, enrollments=(), source=f"{bundle.source}:yearend"), yearend
    )
    size = sum(f.stat().st_size for f in full.iterdir())
    return {
        "target_users": users,
        "learners": learners,
        "users": len(bundle.users),
        "roles": len(bundle.roles),
        "enrollments": len(bundle.enrollments),
        "classes": len(bundle.classes),
        "schools": sum(1 for o in bundle.orgs if o.type == "school"),
        "bundle_bytes": size,
        "generate_s": round(generated, 3),
        "delta_users": changed,
        "full_dir": str(full),
        "delta_dir": str(delta),
        "yearend_dir": str(yearend),
    }


# --- databases -------------------------------------------------------------------------------------------


def _pg_connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)


def percentile(values: list[float], q: float) -> float:
    """The value at quantile q (nearest rank), as every benchmark here reports p50 and p95."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def create_database(db: str, scratch: Path, tag: str, pg_url: str) -> tuple[str, Any]:
    """A fresh, empty database: (DATABASE_URL, a callable that removes it)."""
    if db == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix=f"sqlite-{tag}-", dir=scratch))
        return f"sqlite:///{folder / 'bench.sqlite3'}", lambda: shutil.rmtree(folder, ignore_errors=True)
    name = f"trellis_bench_{os.getpid()}_{tag}"
    with _pg_connect(pg_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with _pg_connect(pg_url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    base = pg_url.rsplit("/", 1)[0]
    return f"{base}/{name}", drop


def machine(dbs: list[str], pg_url: str) -> dict[str, Any]:
    import django

    info: dict[str, Any] = {
        "cpu_count": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gib": _memory_gib(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
    }
    if "postgres" in dbs:
        with _pg_connect(pg_url) as conn:
            info["postgres"] = conn.execute("SHOW server_version").fetchone()[0]
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return None


# --- the worker: one fresh database, one repetition ------------------------------------------------------


def worker(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trellis.config.settings")
    import django

    django.setup()
    from django.utils import timezone

    from trellis.lib import clock

    # The roster's "yesterday" (end dates of leavers) must not drift with the calendar either.
    noon = timezone.make_aware(dt.datetime.combine(TODAY, dt.time(12)))
    with clock.frozen_at(noon):
        _work(args)


def _work(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection

    from trellis.apps.imports import services
    from trellis.apps.rosters.models import Enrollment, Guardianship, Learner, OrgRole, TeamMembership
    from trellis.interop.oneroster import parse_bundle

    result: dict[str, Any] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    result["migrate_s"] = time.perf_counter() - started

    # The split of an import: wrap the three steps services.import_roster calls, without changing them.
    split: dict[str, float] = {}

    def timed(name: str, fn: Any) -> Any:
        def wrapper(*a: Any, **kw: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                split[name] = split.get(name, 0.0) + time.perf_counter() - t0

        return wrapper

    services.parse_bundle = timed("parse", services.parse_bundle)
    services.plan_roster = timed("plan", services.plan_roster)
    services.apply_roster_plan = timed("apply", services.apply_roster_plan)

    def run_import(path: str, label: str) -> tuple[Any, int]:
        """Time one import into result[label + "_s"] (wall) and result[label + "_cpu_s"] (this process)."""
        split.clear()
        updates: list[tuple[str, int, int]] = []
        profiler = cProfile.Profile() if args.profile and label == "import" else None
        t0, c0 = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        outcome = services.import_roster(
            path, progress=lambda step, done, total: updates.append((step, done, total))
        )
        if profiler:
            profiler.disable()
        result[f"{label}_s"] = time.perf_counter() - t0
        result[f"{label}_cpu_s"] = time.process_time() - c0
        if not outcome.ok:
            raise SystemExit(f"{label}: the import failed:\n" + "\n".join(outcome.errors[:20]))
        if updates and updates[-1][1] != updates[-1][2]:
            raise SystemExit(f"{label}: progress stopped at {updates[-1]}")
        if profiler:
            Path(args.profile).mkdir(parents=True, exist_ok=True)
            stem = Path(args.profile) / f"roster-{args.label}"
            profiler.dump_stats(f"{stem}.prof")
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(40)
            pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(30)
            Path(f"{stem}.txt").write_text(text.getvalue())
        return outcome.plan, len(updates)

    t0 = time.perf_counter()
    bundle = parse_bundle(args.bundle)
    result["parse_s"] = time.perf_counter() - t0
    del bundle

    result["load_before"] = os.getloadavg()[0]
    plan, result["progress_updates"] = run_import(args.bundle, "import")
    result["import_parse_s"], result["import_plan_s"], result["import_apply_s"] = (
        split["parse"],
        split["plan"],
        split["apply"],
    )
    result["import_changes"] = len(plan.changes)
    result["rows"] = {
        "users": len(plan.by_kind("user")),
        "learners": Learner.objects.count(),
        "org_roles": OrgRole.objects.count(),
        "enrollments": Enrollment.objects.count(),
        "guardianships": Guardianship.objects.count(),
        "team_memberships": TeamMembership.objects.count(),
    }
    del plan

    plan, _ = run_import(args.bundle, "reimport")
    if not plan.is_empty:  # the idempotency check
        raise SystemExit(f"re-importing the same bundle planned changes: {plan.summary()}")
    result["reimport_plan_s"] = split["plan"]

    plan, _ = run_import(args.delta, "delta")
    expected = {"user": {"create": 0, "update": args.delta_users, "end": 0}}
    if plan.summary() != expected:
        raise SystemExit(f"the 1% delta planned {plan.summary()}, expected {expected}")
    result["delta_changes"] = len(plan.changes)

    ended = {
        "enrollment": Enrollment.objects.count(),
        "advisor": TeamMembership.objects.filter(role="advisor", source="roster").count(),
    }
    plan, _ = run_import(args.yearend, "yearend")
    expected = {kind: {"create": 0, "update": 0, "end": count} for kind, count in ended.items()}
    if plan.summary() != expected:
        raise SystemExit(f"the year-end file planned {plan.summary()}, expected {expected}")
    result["yearend_changes"] = len(plan.changes)

    result["load_after"] = os.getloadavg()[0]
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["db_vendor"] = connection.vendor
    Path(args.result).write_text(json.dumps(result))


# --- the driver ------------------------------------------------------------------------------------------


def run_one(
    info: dict[str, Any], db: str, rep: int, args: argparse.Namespace, scratch: Path
) -> dict[str, Any]:
    tag = f"{info['target_users']}_{db}_{rep}"
    url, drop = create_database(db, scratch, tag, args.pg_url)
    out = scratch / f"result-{tag}.json"
    env = dict(
        os.environ, DATABASE_URL=url, TRELLIS_DATA_DIR=str(scratch / "data"), TRELLIS_ENV="development"
    )
    env.pop("TRELLIS_DEMO", None)
    command = [
        sys.executable,
        __file__,
        "--worker",
        "--bundle",
        info["full_dir"],
        "--delta",
        info["delta_dir"],
        "--yearend",
        info["yearend_dir"],
        "--delta-users",
        str(info["delta_users"]),
        "--result",
        str(out),
        "--label",
        f"{db}-{info['users']}",
    ]
    if args.profile and rep == 0:
        command += ["--profile", str(Path(args.profile).resolve())]
    try:
        subprocess.run(command, env=env, check=True, cwd=REPO)
        return json.loads(out.read_text())
    finally:
        drop()


def median_of(runs: list[dict[str, Any]], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="1000,10000,50000", help="comma-separated sizes in users")
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument(
        "--repeat", type=int, default=3, help="repetitions per size and database; medians are reported"
    )
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--pg-url", default=DEFAULT_PG, help="server to create scratch databases on")
    parser.add_argument("--profile", help="directory for a cProfile of the first import (skews its timings)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    for hidden in ("--bundle", "--delta", "--yearend", "--result", "--label"):
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    parser.add_argument("--delta-users", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return

    sizes = [int(s) for s in args.users.split(",") if s.strip()]
    dbs = [d.strip() for d in args.db.split(",") if d.strip()]
    for db in dbs:
        if db not in {"sqlite", "postgres"}:
            parser.error(f"unknown database {db!r}: use sqlite and/or postgres")
    report: dict[str, Any] = {
        "benchmark": "roster_import",
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "seed": SEED,
        "today": TODAY.isoformat(),
        "bar": {"users": BAR_USERS, "import_s": BAR_SECONDS},
        "machine": machine(dbs, args.pg_url),
        "results": [],
    }
    with tempfile.TemporaryDirectory(prefix="trellis-roster-bench-") as tmp:
        scratch = Path(tmp)
        for users in sizes:
            info = prepare(users, scratch)
            repeat = max(1, args.repeat)
            for db in dbs:
                runs = []
                for rep in range(repeat):
                    print(
                        f"... {info['users']} users on {db}, run {rep + 1}/{repeat}",
                        file=sys.stderr,
                        flush=True,
                    )
                    runs.append(run_one(info, db, rep, args, scratch))
                entry = {
                    key: info[key]
                    for key in (
                        "target_users",
                        "users",
                        "learners",
                        "roles",
                        "enrollments",
                        "classes",
                        "schools",
                    )
                }
                entry |= {"bundle_bytes": info["bundle_bytes"], "delta_users": info["delta_users"], "db": db}
                entry["repeat"] = repeat
                entry["median_s"] = {phase: median_of(runs, f"{phase}_s") for phase in PHASES}
                entry["median_s"]["reimport_plan"] = median_of(runs, "reimport_plan_s")
                entry["median_cpu_s"] = {
                    phase: median_of(runs, f"{phase}_cpu_s")
                    for phase in ("import", "reimport", "delta", "yearend")
                }
                entry["load_avg"] = [min(r["load_before"] for r in runs), max(r["load_after"] for r in runs)]
                entry["runs"] = runs
                entry["rows"] = runs[0]["rows"]
                entry["import_changes"] = runs[0]["import_changes"]
                entry["peak_rss_mib"] = round(max(r["peak_rss_mib"] for r in runs))
                entry["meets_bar"] = (
                    entry["median_s"]["import"] <= BAR_SECONDS if info["users"] >= BAR_USERS * 0.95 else None
                )
                report["results"].append(entry)
    print_table(report)
    if args.json:
        write_json(report, args.json)


def write_json(report: dict[str, Any], path: str) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {path}")


def print_table(report: dict[str, Any]) -> None:
    m = report["machine"]
    versions = f"SQLite {m['sqlite']}" + (f", PostgreSQL {m['postgres']}" if "postgres" in m else "")
    print(f"\nOneRoster import — {m['cpu_count']} CPU ({m['cpu']}), Python {m['python']}, {versions}")
    print("medians in seconds; import = parse + plan + apply in one transaction; bar: 50k users <= 60 s")
    print("cpu = the importing process's CPU time during the import (the PostgreSQL server's is not in it)\n")
    header = (
        f"{'users':>7} {'db':<8} {'runs':>4} {'parse':>7} {'import':>7} {'(plan':>7} {'apply)':>7} "
        f"{'cpu':>6} "
        f"{'reimport':>8} {'delta1%':>8} {'yearend':>8} {'rss MiB':>8}  bar"
    )
    print(header)
    print("-" * len(header))
    for r in report["results"]:
        s = r["median_s"]
        bar = {True: "ok", False: "MISSED", None: ""}[r["meets_bar"]]
        print(
            f"{r['users']:>7} {r['db']:<8} {r['repeat']:>4} {s['parse']:>7.2f} {s['import']:>7.2f} "
            f"{s['import_plan']:>7.2f} {s['import_apply']:>7.2f} {r['median_cpu_s']['import']:>6.2f} "
            f"{s['reimport']:>8.2f} {s['delta']:>8.2f} {s['yearend']:>8.2f} "
            f"{r['peak_rss_mib']:>8}  {bar}"
        )


if __name__ == "__main__":
    main()
