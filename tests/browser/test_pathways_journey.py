"""Pathways in a real browser, on the demo school: the learner opens My path, sees at least three options
each with its reasons, picks one (a practice set, started in the same click), completes it, and sees the
choice done and the plan and pace move; the teacher sees the choice and why on the section's Pathways page;
the guardian reads What's next and the advisor the read-only path. Every page passes axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import PHONE, Demo, check_page, no_horizontal_scroll, sign_in, sign_out

pytestmark = pytest.mark.browser

TO_GO = re.compile(r"(\d+) competencies to go")


def competencies_to_go(page: Page) -> int:
    found = TO_GO.search(page.locator("main").inner_text())
    assert found, "the pace sentence is missing"
    return int(found.group(1))


def answer_every_item_right(page: Page, session_url: str) -> int:
    """Answer each item of the practice session with its answer key, as the learner would type or pick it."""
    from trellis.apps.learning.models import PracticeSession

    session_id = session_url.rstrip("/").rsplit("/", 1)[-1]
    session = PracticeSession.objects.get(public_id=session_id)
    items = list(session.activity.items.order_by("position"))
    for item in items:
        page.goto(f"{session_url}?item={item.public_id}")
        card = page.locator("#item-card")
        key: Any = item.correct
        if item.interaction in ("choice", "multiple_choice"):
            for choice_id in key:
                card.locator(f"#choice-{item.public_id}-{choice_id}").check()
        elif item.interaction == "ordering":
            for slot, choice_id in enumerate(key, start=1):
                card.locator(f"#slot-{slot}").select_option(str(choice_id))
        elif item.interaction == "numeric_entry":
            card.locator(f"#answer-{item.public_id}").fill(str(key["value"]))
        else:
            card.locator(f"#answer-{item.public_id}").fill(str(key[0]))
        card.get_by_role("button", name="Check").click()
        expect(page.get_by_role("status").filter(has_text="Correct")).to_be_visible()
    return len(items)


def test_choose_a_next_step_complete_it_and_see_the_plan_move(page: Page, axe: Axe, demo: Demo) -> None:
    # --- the learner sees several options, each with reasons ---------------------------------------
    sign_in(page, "learner")
    page.get_by_role("link", name="My path").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My path")
    options = page.locator(".path-step")
    assert options.count() >= 3
    for n in range(3):
        expect(options.nth(n).locator(".summary-list li").first).not_to_be_empty()
    expect(page.locator("main")).to_contain_text("Your teacher prioritized this.")
    expect(page.locator("main")).to_contain_text("Set with the advisor")
    before = competencies_to_go(page)
    check_page(page, axe, "learner", "my-path")

    page.set_viewport_size(PHONE)
    page.reload()
    no_horizontal_scroll(page)
    check_page(page, axe, "learner", "my-path-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()

    # --- picks a practice set: choosing starts it --------------------------------------------------
    practice = options.filter(has=page.get_by_role("button", name=re.compile(r"^Choose and start")))
    chosen = practice.first
    title = chosen.get_by_role("heading", level=3).inner_text()
    chosen.get_by_role("button", name=re.compile(r"^Choose and start")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    session_url = page.url.split("?")[0]
    answered = answer_every_item_right(page, session_url)
    page.goto(session_url)
    page.get_by_role("button", name=re.compile(r"see my summary")).first.click()
    expect(page.locator(".lede")).to_contain_text(f"{answered} right on the first try")
    check_page(page, axe, "learner", "path-practice-summary")

    # --- back on My path: the choice is done, and the plan and pace moved ---------------------------
    page.get_by_role("link", name="My path").click()
    chose = page.get_by_role("region", name="What I chose")
    expect(chose.locator("li").filter(has_text=title).first).to_contain_text("Done")
    after = competencies_to_go(page)
    assert after < before, f"still {after} competencies to go after mastering one (was {before})"
    check_page(page, axe, "learner", "my-path-after")
    sign_out(page)

    # --- the teacher sees the choice and why --------------------------------------------------------
    sign_in(page, "teacher")
    page.goto(f"/teach/sections/{demo.math_section.public_id}/pathways/")
    row = page.locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name=demo.learner.name, exact=True)
    )
    expect(row).to_contain_text(title)
    expect(row).to_contain_text("Done")
    expect(row.locator(".summary-list li").first).not_to_be_empty()
    expect(page.get_by_role("region", name="Suggested small groups")).to_be_visible()
    check_page(page, axe, "teacher", "section-pathways")
    sign_out(page)

    # --- the guardian reads What's next; the advisor the read-only path -------------------------------
    sign_in(page, "guardian")
    page.get_by_role("link", name="What's next").click()
    child = page.get_by_role("region", name=demo.learner.name)
    expect(child).to_contain_text("Next steps to choose from")
    expect(child).to_contain_text(f"{after} competencies to go")
    check_page(page, axe, "guardian", "whats-next")
    page.set_viewport_size(PHONE)
    page.reload()
    no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_out(page)

    sign_in(page, "advisor")
    page.goto(f"/learners/{demo.learner.public_id}/path/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{demo.learner.name}'s path")
    expect(page.get_by_role("region", name="What they chose")).to_contain_text(title)
    assert page.get_by_role("button", name=re.compile(r"^Choose")).count() == 0  # read-only
    check_page(page, axe, "advisor", "learner-path")
