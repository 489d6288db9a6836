"""The learning team in a real browser, on the demo school: the learner drafts a goal and the advisor agrees
to it; the learner plans the day from that goal and reflects on it, sharing the entry; the guardian, who
reads Trellis in Spanish, comments on it from the family page; the learner sees the comment and replies;
the advisory board shows all of it. Every page visited passes axe-core and is saved as a screenshot; the
family page and the board are also checked at phone width."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import DESKTOP, PHONE, Demo, check_page, no_horizontal_scroll, sign_in, sign_out

pytestmark = pytest.mark.browser

GOAL = "Explain percents with a sports stat I follow"
GUARDIAN_COMMENT = "¡Qué bien que pediste ayuda! Estamos orgullosos de ti."


def test_goal_agreed_day_planned_and_reflected_family_comment_and_the_board(
    page: Page, axe: Axe, demo: Demo
) -> None:
    learner_id = demo.learner.public_id

    # --- the learner drafts a goal -------------------------------------------------------------------
    sign_in(page, "learner")
    page.get_by_role("link", name="My goals").click()
    check_page(page, axe, "learner", "goals")
    draft = page.get_by_role("region", name="Draft a new goal")
    draft.get_by_role("button", name="Save my draft").click()
    expect(page.get_by_role("alert")).to_contain_text("What my goal is can't be empty.")
    check_page(page, axe, "learner", "goals-error")
    draft = page.get_by_role("region", name="Draft a new goal")
    draft.get_by_label("What is my goal?").fill(GOAL)
    draft.get_by_label("Why does it matter to me?").fill("I track my team's free-throw percentages.")
    draft.get_by_label("How will I know I've done it?").fill("I can explain three stats to my advisor.")
    draft.get_by_label("Steps (one on each line)").fill("Collect ten games of stats\nWork out the percents")
    draft.get_by_role("button", name="Save my draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(GOAL)
    expect(page.locator(".lede")).to_contain_text("Draft")
    check_page(page, axe, "learner", "goal-draft")
    sign_out(page)

    # --- the advisor agrees to it ---------------------------------------------------------------------
    sign_in(page, "advisor")
    page.goto(f"/learners/{learner_id}/goals/")
    check_page(page, axe, "advisor", "learner-goals")
    page.get_by_role("link", name=GOAL).click()
    review = page.get_by_role("region", name="Review this goal")
    review.get_by_label(re.compile("What you'd like to say")).fill("Great idea: bring the stats on Friday.")
    review.get_by_role("button", name="Agree to this goal").click()
    expect(page.get_by_role("status")).to_contain_text("The goal is agreed.")
    expect(page.locator(".lede")).to_contain_text("Agreed")
    expect(page.get_by_role("region", name="Conversation and reviews")).to_contain_text(
        "Great idea: bring the stats on Friday."
    )
    check_page(page, axe, "advisor", "goal-agreed")
    sign_out(page)

    # --- the learner plans the day from it and reflects, sharing the entry ---------------------------
    sign_in(page, "learner")
    page.get_by_role("link", name="My journal").click()
    plan = page.get_by_role("region", name="Plan my day")
    plan.get_by_label(GOAL).check()
    plan.get_by_label("In my own words (one goal on each line)").fill("Finish science lab notes")
    plan.get_by_role("button", name=re.compile("(Save|Update) my plan")).click()
    expect(page.get_by_role("status")).to_contain_text("Today's plan is saved.")
    expect(page.get_by_role("region", name="Plan my day")).to_contain_text(GOAL)
    check_page(page, axe, "learner", "journal-planned")

    reflect = page.get_by_role("region", name="Reflect on my day")
    reflect.get_by_label(GOAL).check()
    reflect.get_by_label("What worked?").fill("I asked my partner for help with the percents.")
    reflect.get_by_label("What didn't work?").fill("The noisy hallway made reading hard again.")
    reflect.get_by_label("What are my next steps?").fill("Collect two more games of stats.")
    reflect.get_by_label("My mood (optional)").select_option(label="Good")
    reflect.get_by_label("Share this entry with my family").check()
    reflect.get_by_role("button", name="Save my reflection").click()
    expect(page.get_by_role("status")).to_contain_text("Your reflection is saved.")
    check_page(page, axe, "learner", "journal-reflected")
    sign_out(page)

    # --- the guardian, in Spanish, reads the family page and comments on the entry -------------------
    sign_in(page, "guardian")
    page.goto("/account/preferences/")
    page.locator("#lang-es").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.goto(f"/family/children/{learner_id}/")
    expect(page.locator("main")).to_contain_text(GOAL)
    expect(page.locator("main")).to_contain_text("I asked my partner for help with the percents.")
    check_page(page, axe, "guardian", "family-portal-es")
    page.set_viewport_size(PHONE)
    page.reload()
    no_horizontal_scroll(page)
    check_page(page, axe, "guardian", "family-portal-es-phone")
    page.set_viewport_size(DESKTOP)

    page.locator("#reflections-heading ~ ul a").first.click()
    expect(page.locator("main")).to_contain_text("The noisy hallway made reading hard again.")
    page.locator("#id_body").fill(GUARDIAN_COMMENT)
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".conversation")).to_contain_text(GUARDIAN_COMMENT)
    check_page(page, axe, "guardian", "journal-entry-commented-es")
    page.locator("form[action='/account/sign-out/'] button").click()

    # --- the learner sees the comment (told in the navigation) and replies ---------------------------
    sign_in(page, "learner")
    notifications = page.get_by_role("link", name=re.compile(r"^Notifications \d+ new"))
    notifications.click()
    check_page(page, axe, "learner", "notifications")
    page.get_by_role("link", name=f"{demo.guardian.name} left feedback on your journal.").first.click()
    feedback = page.get_by_role("region", name="Feedback and replies")
    expect(feedback).to_contain_text(GUARDIAN_COMMENT)
    feedback.get_by_label("Reply").fill("¡Gracias! I'll bring the stats home.")
    feedback.get_by_role("button", name="Send my reply").click()
    expect(page.get_by_role("region", name="Feedback and replies")).to_contain_text(
        "I'll bring the stats home."
    )
    check_page(page, axe, "learner", "journal-entry-replied")
    sign_out(page)

    # --- the advisory board shows all of it ------------------------------------------------------------
    sign_in(page, "advisor")
    page.get_by_role("link", name="Advisory board").click()
    today = page.get_by_role("region", name="Today")
    row = today.get_by_role("row").filter(has=page.get_by_role("rowheader", name=demo.learner.name))
    expect(row).to_contain_text("Yes")
    expect(row.locator("td").nth(0)).to_have_text("Yes")  # planned
    expect(row.locator("td").nth(1)).to_have_text("Yes")  # reflected
    expect(row.locator("td").nth(2)).to_contain_text(re.compile(r"(hallway|noisy) \(\d\)"))
    awaiting = page.get_by_role("region", name="Awaiting your feedback")
    expect(awaiting).to_contain_text(demo.learner.name)
    check_page(page, axe, "advisor", "board")
    page.set_viewport_size(PHONE)
    page.reload()
    no_horizontal_scroll(page)
    check_page(page, axe, "advisor", "board-phone")
    page.set_viewport_size(DESKTOP)

    row.get_by_role("link", name=re.compile(r"(hallway|noisy)")).click()
    expect(page.locator("main")).to_contain_text("The noisy hallway made reading hard again.")
    check_page(page, axe, "advisor", "themes")

    page.goto("/advise/board/")
    todays_entry = (
        page.get_by_role("region", name="Today")
        .get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name=demo.learner.name))
        .get_by_role("link", name="Yes")
    )
    href = todays_entry.get_attribute("href")
    awaiting = page.get_by_role("region", name="Awaiting your feedback")
    expect(awaiting.locator(f'a[href="{href}"]')).to_have_count(1)
    todays_entry.click()
    entry = page.get_by_role("region", name="Feedback and replies")
    expect(entry).to_contain_text(GUARDIAN_COMMENT)
    entry.get_by_label("Your feedback").fill("Asking for help is a strength. Let's find you a quiet spot.")
    entry.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("status")).to_contain_text("Your feedback is added.")
    page.goto("/advise/board/")
    expect(
        page.get_by_role("region", name="Awaiting your feedback").locator(f'a[href="{href}"]')
    ).to_have_count(0)
    check_page(page, axe, "advisor", "board-after-feedback")
