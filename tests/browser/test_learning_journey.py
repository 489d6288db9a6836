"""Learning and evidence in a real browser, on the demo school: the learner practices a competency (a wrong
answer with feedback, a hint, a right answer) and sees their continuum move; hands in work on the performance
task and assesses it; the teacher scores it from the evidence inbox and sees the heatmap move; the guardian
sees the same level as the learner. Every page visited passes axe-core and is saved as a screenshot."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import PHONE, Demo, check_page, no_horizontal_scroll, sign_in, sign_out

pytestmark = pytest.mark.browser

PRACTICED = "6.EE.A.2"  # "Ready to learn" for the demo learner: no evidence yet
PRACTICE_SET = "Expressions in games and space"
TASK = "Plan a class trip budget using unit rates"
SCORED = "6.RP.A.3c"  # on the task's rubric, and in the learner's math heatmap


def lands_on(page: Page, path: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(path) + r"(\?.*)?(#.*)?$"))


def heatmap_cell(page: Page, learner: str, code: str) -> str:
    """The text of one heatmap cell (level and status in words), found by the learner's row and the
    competency's column."""
    table = page.locator("table.heatmap")
    # Reading texts does not wait: until the page a click opened has loaded, there is no heatmap to read.
    expect(table.locator("thead")).to_contain_text(code)
    headers = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    column = headers.index(code)
    row = table.locator("tbody tr").filter(has=page.get_by_role("rowheader", name=learner, exact=True))
    return row.locator("th, td").nth(column).inner_text().strip()


def test_practice_work_scoring_and_what_the_family_sees(
    page: Page, axe: Axe, demo: Demo, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "uploads"

    # --- the learner practices a competency they are ready to learn ------------------------------------
    sign_in(page, "learner")
    page.get_by_role("link", name="My learning continuum").click()
    competency_link = page.get_by_role("link", name=re.compile(rf"^{re.escape(PRACTICED)} "))
    expect(page.locator("li").filter(has=competency_link)).to_contain_text("Ready to learn")
    competency_link.click()
    competency_url = page.url
    statement = page.get_by_role("heading", level=1).inner_text().removeprefix(PRACTICED).strip()
    expect(page.locator(".lede")).to_contain_text("Ready to learn")
    practice = page.get_by_role("region", name="Practice this")
    expect(practice).to_contain_text(PRACTICE_SET)
    check_page(page, axe, "learner", "competency-practice-this")

    practice.get_by_role("button", name=f"Practice: {PRACTICE_SET}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PRACTICE_SET)
    card = page.locator("#item-card")
    expect(card.get_by_role("heading", level=2)).to_have_text("Question 1 of 6")
    check_page(page, axe, "learner", "practice-question")

    card.get_by_label("5 − n", exact=True).check()
    card.get_by_role("button", name="Check").click()
    feedback = page.get_by_role("status").filter(has_text="Not quite")
    expect(feedback).to_contain_text("5 − n is n less than 5: the order is swapped.")
    expect(page.locator("#feedback")).to_be_focused()  # read out at once by a screen reader
    expect(page.locator("#progress")).to_contain_text("not right yet")
    check_page(page, axe, "learner", "practice-feedback")

    page.get_by_role("button", name="Show a hint").click()
    expect(page.locator("#hints")).to_contain_text('"3 less than 10" is 10 − 3.')
    expect(page.get_by_text("That's every hint for this question.")).to_be_visible()

    card.get_by_label("n − 5", exact=True).check()
    card.get_by_role("button", name="Check").click()
    expect(page.get_by_role("status").filter(has_text="Correct")).to_contain_text(
        "Right: start with n and take 5 away."
    )
    expect(page.locator("#progress")).to_contain_text("right after another try")
    check_page(page, axe, "learner", "practice-correct")

    page.set_viewport_size(PHONE)
    page.reload()
    no_horizontal_scroll(page)
    check_page(page, axe, "learner", "practice-phone")

    page.get_by_role("button", name="Stop here and see my summary").click()
    expect(page.locator(".lede")).to_contain_text("You answered 1 of 6 questions, 0 right on the first try.")
    moved = page.get_by_role("region", name="Where this puts you on your continuum")
    expect(moved).to_contain_text("In progress")
    no_horizontal_scroll(page)
    check_page(page, axe, "learner", "practice-summary-phone")

    moved.get_by_role("link", name=re.compile(rf"^{re.escape(PRACTICED)} ")).click()
    expect(page).to_have_url(competency_url)
    learner_sees = page.locator(".lede").inner_text()
    assert "In progress" in learner_sees and "1 piece of evidence" in learner_sees
    expect(page.get_by_role("region", name="Evidence")).to_contain_text("Practice")
    check_page(page, axe, "learner", "competency-after-practice-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # --- the learner hands in work on the performance task and assesses it --------------------------
    page.goto("/learn/")
    page.get_by_role("link", name="My work").click()
    lands_on(page, "/learn/work/")
    check_page(page, axe, "learner", "my-work")
    page.get_by_role("link", name=re.compile(re.escape(TASK))).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TASK)
    expect(page.get_by_role("table")).to_contain_text("Finds and uses unit rates")
    check_page(page, axe, "learner", "task")

    page.get_by_role("button", name="Hand in").click()
    expect(page.get_by_role("alert")).to_contain_text("Add your work: write it, paste a link")
    check_page(page, axe, "learner", "task-error")

    page.get_by_label("Your work, written out").fill(
        "Bus A: $3 per mile × 40 miles = $120. Bus B: $90 per hour × 2 hours = $180. Bus A is cheaper. "
        "Lunch: $4.50 each × 28 = $126. Museum: 15% off $8 is $6.80 each."
    )
    upload = tmp_path / "budget.txt"
    upload.write_text("Budget table: bus $120, lunch $126, museum $190.40; total $436.40 of $600.")
    page.get_by_label("A file (optional)").set_input_files(str(upload))
    page.get_by_role("button", name="Hand in").click()
    expect(page.get_by_role("status")).to_contain_text("Your work is handed in.")
    expect(page.locator(".lede")).to_contain_text("Waiting to be scored")
    expect(page.get_by_role("link", name="Download budget.txt")).to_be_visible()
    check_page(page, axe, "learner", "submission")

    for group in page.get_by_role("group").all():
        group.get_by_role("radio", name=re.compile(r"^3 · ")).check()
    page.get_by_label("Your reflection").fill("The unit prices made the bus choice easy; I'd add a map.")
    page.get_by_role("button", name="Save my self-assessment").click()
    expect(page.get_by_role("status")).to_contain_text("Your self-assessment is saved.")
    expect(page.get_by_role("region", name="Assess your own work")).to_contain_text("You rated your work:")
    check_page(page, axe, "learner", "submission-self-assessed")
    sign_out(page)

    # --- the teacher scores it from the evidence inbox, and the heatmap moves ------------------------
    sign_in(page, "teacher")
    page.get_by_role("link", name=demo.math_section.name).click()
    page.get_by_role("link", name="Mastery heatmap").click()
    before = heatmap_cell(page, demo.learner.name, SCORED)
    page.get_by_role("link", name="Back to the roster").click()
    page.get_by_role("link", name="Work to score").click()
    lands_on(page, f"/teach/sections/{demo.math_section.public_id}/work/")
    expect(page.get_by_role("table")).to_contain_text(TASK)
    check_page(page, axe, "teacher", "inbox")

    page.get_by_role("link", name=f"Score {demo.learner.name}'s work").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{TASK} by {demo.learner.name}")
    expect(page.get_by_role("region", name="The work")).to_contain_text("Bus A is cheaper.")
    check_page(page, axe, "teacher", "score")

    scoring = page.get_by_role("region", name="Score with the rubric")
    scoring.get_by_role("button", name="Save the scores").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose a level for every criterion")
    check_page(page, axe, "teacher", "score-error")
    scoring = page.get_by_role("region", name="Score with the rubric")
    for group in scoring.get_by_role("group").all():
        group.get_by_role("radio", name=re.compile(r"^4 · ")).check()
    scoring.get_by_label("Comment for the learner (optional)").fill("Clear unit prices, careful discount.")
    scoring.get_by_role("button", name="Save the scores").click()
    expect(page.get_by_role("status")).to_contain_text(f"Scored. The evidence is on {demo.learner.name}'s")
    expect(page.locator("main")).to_contain_text("Nothing is waiting to be scored.")
    check_page(page, axe, "teacher", "inbox-after-scoring")

    page.get_by_role("link", name="Back to the roster").click()
    page.get_by_role("link", name="Mastery heatmap").click()
    after = heatmap_cell(page, demo.learner.name, SCORED)
    assert after != before, f"the {SCORED} cell stayed {before!r} after scoring"
    check_page(page, axe, "teacher", "heatmap-after-scoring")
    sign_out(page)

    # --- the guardian sees the same level on the practiced competency as the learner -----------------
    sign_in(page, "guardian")
    page.get_by_role("link", name=f"See {demo.learner.name}'s record").click()
    page.get_by_role("link", name="Learning continuum and evidence").click()
    page.get_by_role("link", name=statement, exact=True).click()
    expect(page).to_have_url(competency_url)
    expect(page.locator(".lede")).to_have_text(learner_sees)
    check_page(page, axe, "guardian", "competency-after-practice")
