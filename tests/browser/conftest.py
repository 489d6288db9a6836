"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Every page a journey visits is checked by axe-core (no serious or critical violations) and saved as a
full-page screenshot under artifacts/screenshots/<persona>-<page>.png for CI to collect.

The demo school is loaded into each test's database: live_server needs transactional_db, which empties
the tables after every test, so a module- or session-wide load would not survive past the first test.
One test per persona (each visiting all of that persona's pages) keeps the number of loads small.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    ViewportSize,
    expect,
    sync_playwright,
)

REPO_DIR = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_DIR / "artifacts" / "screenshots"
AXE_REPORTS = REPO_DIR / "artifacts" / "axe"
CHROMIUM = os.environ.get("TRELLIS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = ViewportSize(width=1280, height=900)
PHONE = ViewportSize(width=390, height=844)
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    # Playwright's sync API runs an asyncio event loop in this thread; Django refuses ORM calls from a
    # thread with a running loop unless told they are safe (they are: nothing here is async).
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as driver:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium or set TRELLIS_CHROMIUM.")
    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def context(browser: Browser, live_server) -> Iterator[BrowserContext]:
    opened = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="en-US")
    opened.set_default_timeout(10_000)
    yield opened
    opened.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@dataclass(frozen=True)
class Person:
    name: str
    public_id: str = ""


@dataclass(frozen=True)
class Demo:
    """Who is who in the demo school, read from the database after the load (names are generated)."""

    learner: Person
    sibling: Person
    classmate: Person  # in the learner's math section; no link to the guardian, advisor or mentor
    elementary_learner: Person  # at the other school: never shown to the middle school's principal
    advisor: Person
    teacher: Person
    mentor: Person
    guardian: Person
    restricted_guardian: Person
    middle_school: Person
    elementary_school: Person
    math_section: Person
    middle_school_learners: int


@pytest.fixture
def demo(transactional_db, live_server, settings, tmp_path: Path) -> Demo:
    """Load the demo school through the real OneRoster importer, in demo mode. (About a second, thanks to
    the root conftest's cheap password hasher; at Argon2's production cost the eight demo passwords alone
    would take four.)"""
    from django.contrib.auth import get_user_model

    from trellis.apps.imports.demo import load_demo
    from trellis.apps.rosters.models import Enrollment, Learner, School, Section

    settings.DEMO_MODE = True
    load_demo(directory=tmp_path / "demo-roster")

    learner = Learner.objects.select_related("user", "school").get(user__username="learner")
    sibling = (
        Learner.objects.select_related("user")
        .filter(guardianships__guardian__username="guardian")
        .exclude(pk=learner.pk)
        .get()
    )
    math = Section.objects.get(
        enrollments__user__username="teacher", enrollments__role=Enrollment.Role.TEACHER
    )
    # Generated names can repeat (the demo's district administrator shares the learner's). The people a
    # journey must NOT see are chosen with names nobody else has, so "not shown" can't be a coincidence.
    names = Counter(user.display_name for user in get_user_model().objects.all())

    def unique_name(rows: Iterable[Learner]) -> Learner:
        return next(row for row in rows if names[row.user.display_name] == 1)

    classmate = unique_name(
        Learner.objects.select_related("user")
        .filter(user__enrollments__section=math)
        .exclude(guardianships__guardian__username__in=("guardian", "restricted.guardian"))
        .exclude(team__memberships__user__username__in=("advisor", "mentor"))
    )
    elementary = School.objects.get(name__startswith="Maple Elementary")
    elementary_learner = unique_name(Learner.objects.select_related("user").filter(school=elementary))

    def person(learner_row: Learner) -> Person:
        return Person(learner_row.user.display_name, str(learner_row.public_id))

    def adult(username: str) -> Person:
        return Person(get_user_model().objects.get(username=username).display_name)

    return Demo(
        learner=person(learner),
        sibling=person(sibling),
        classmate=person(classmate),
        elementary_learner=person(elementary_learner),
        advisor=adult("advisor"),
        teacher=adult("teacher"),
        mentor=adult("mentor"),
        guardian=adult("guardian"),
        restricted_guardian=adult("restricted.guardian"),
        middle_school=Person(learner.school.name, str(learner.school.public_id)),
        elementary_school=Person(elementary.name, str(elementary.public_id)),
        math_section=Person(math.title, str(math.public_id)),
        middle_school_learners=Learner.objects.filter(school=learner.school).count(),
    )


def demo_password() -> str:
    from trellis.apps.imports.synthetic import DEMO_PASSWORD

    return DEMO_PASSWORD


def sign_in(page: Page, username: str, password: str | None = None) -> None:
    page.goto("/account/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", demo_password() if password is None else password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/account/sign-in/"))


def check_page(page: Page, axe: Axe, persona: str, name: str) -> None:
    """Screenshot the page as it stands, then fail on any serious or critical axe-core violation.
    Every violation found (of any impact) is also kept in artifacts/axe/<persona>-<name>.json."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{persona}-{name}.png", full_page=True)
    violations = axe.run(page).response["violations"]
    (AXE_REPORTS / f"{persona}-{name}.json").write_text(json.dumps(violations, indent=2))
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(f"axe-core on {persona}-{name} ({page.url}):\n{describe(blocking)}", pytrace=False)


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node.get('html', '')[:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line}" for line in summary.splitlines())
    return "\n".join(lines)


def no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size
    assert viewport is not None
    assert width <= viewport["width"] + 1, (
        f"{page.url} scrolls sideways at {viewport['width']}px wide: content is {width}px"
    )
