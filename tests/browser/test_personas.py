"""Each demo sign-in, in a real browser: lands on their home, sees exactly the people they should, and every
page they use passes axe-core. One test per person, so the demo school is loaded once for each."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import PHONE, Demo, check_page, no_horizontal_scroll, sign_in, sign_out

pytestmark = pytest.mark.browser


def lands_on(page: Page, path: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(path) + r"$"))


def is_hidden(page: Page, path: str, *names: str) -> None:
    """A record someone may not read looks exactly like one that doesn't exist: a 404 naming no one.
    (Asked with the page's cookies but outside the page, so it isn't a visited page for axe-core.)"""
    response = page.request.get(path)
    assert response.status == 404, f"{path} answered {response.status}, expected 404"
    body = response.text()
    for name in names:
        assert name not in body, f"{path} answered 404 but names {name!r}"


def test_learner(page: Page, axe: Axe, demo: Demo) -> None:
    sign_in(page, "learner")
    lands_on(page, "/learn/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hi, {demo.learner.name}")
    team = page.get_by_role("region", name="My learning team")
    for adult in (demo.advisor, demo.mentor, demo.guardian):
        expect(team).to_contain_text(adult.name)
    expect(team).not_to_contain_text(demo.restricted_guardian.name)
    classes = page.get_by_role("region", name="My classes")
    expect(classes.get_by_text(demo.math_section.name)).to_be_visible()
    expect(classes).to_contain_text(demo.teacher.name)
    expect(page.locator("main")).not_to_contain_text(demo.classmate.name)
    check_page(page, axe, "learner", "home")

    # Keyboard: the first Tab reaches the skip link, which moves focus to the main content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.set_viewport_size(PHONE)
    page.reload()
    no_horizontal_scroll(page)
    check_page(page, axe, "learner", "home-phone")

    page.get_by_role("link", name=demo.learner.name).click()  # the header's account link
    lands_on(page, "/account/preferences/")
    expect(page.get_by_role("group", name="Language")).to_be_visible()
    check_page(page, axe, "learner", "preferences")

    is_hidden(page, f"/learners/{demo.classmate.public_id}/", demo.classmate.name)

    page.goto("/learn/")
    sign_out(page)
    check_page(page, axe, "learner", "signed-out")
    page.goto("/learn/")
    expect(page).to_have_url(re.compile(r"/account/sign-in/\?next=/learn/$"))


def test_guardian(page: Page, axe: Axe, demo: Demo) -> None:
    sign_in(page, "guardian")
    lands_on(page, "/family/")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=2)).to_have_count(2)
    for child in (demo.learner, demo.sibling):
        expect(page.get_by_role("region", name=child.name)).to_be_visible()
    expect(main).not_to_contain_text(demo.classmate.name)
    expect(main).not_to_contain_text(demo.restricted_guardian.name)
    expect(page.get_by_role("region", name=demo.learner.name)).to_contain_text(demo.advisor.name)
    check_page(page, axe, "guardian", "home")

    # Families mostly use phones: the rest of this journey runs at phone width.
    page.set_viewport_size(PHONE)
    page.reload()
    no_horizontal_scroll(page)
    check_page(page, axe, "guardian", "home-phone")

    page.get_by_role("link", name=f"See {demo.sibling.name}'s record").click()
    lands_on(page, f"/learners/{demo.sibling.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.sibling.name)
    no_horizontal_scroll(page)
    check_page(page, axe, "guardian", "sibling-record-phone")

    page.go_back()
    page.get_by_role("link", name=f"See {demo.learner.name}'s record").click()
    lands_on(page, f"/learners/{demo.learner.public_id}/")
    expect(page.get_by_role("region", name="Learning team")).to_contain_text(demo.mentor.name)
    expect(page.get_by_role("region", name="Classes")).to_contain_text(demo.math_section.name)
    no_horizontal_scroll(page)
    check_page(page, axe, "guardian", "record-phone")

    # What anyone sees for a record that isn't theirs to read (or doesn't exist).
    response = page.goto(f"/learners/{demo.classmate.public_id}/")
    assert response is not None
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(demo.classmate.name)
    check_page(page, axe, "guardian", "not-found-phone")


def test_guardian_switches_to_spanish(page: Page, axe: Axe, demo: Demo) -> None:
    sign_in(page, "guardian")
    lands_on(page, "/family/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/account/preferences/")
    page.get_by_label("Spanish").check()
    page.get_by_role("button", name="Save").click()
    lands_on(page, "/account/preferences/")
    expect(page.get_by_role("status")).to_be_visible()
    page.goto("/")
    lands_on(page, "/family/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    check_page(page, axe, "guardian", "home-es")


def test_restricted_guardian(page: Page, axe: Axe, demo: Demo) -> None:
    sign_in(page, "restricted.guardian")
    lands_on(page, "/family/")
    main = page.locator("main")
    expect(main).to_contain_text("No children are linked to your account")
    for name in (demo.learner.name, demo.sibling.name, demo.guardian.name, demo.advisor.name):
        expect(page.locator("body")).not_to_contain_text(name)
    check_page(page, axe, "restricted-guardian", "home")
    is_hidden(page, f"/learners/{demo.learner.public_id}/", demo.learner.name)


def test_advisor(page: Page, axe: Axe, demo: Demo) -> None:
    sign_in(page, "advisor")
    # Leading an advisory (a homeroom section) makes an advisor, not a subject teacher: home is /advise/.
    lands_on(page, "/advise/")
    expect(page.get_by_role("link", name="My classes")).to_have_count(0)
    advisees = page.get_by_role("table")
    expect(advisees.get_by_role("rowheader", name=demo.learner.name)).to_be_visible()
    expect(advisees).not_to_contain_text(demo.classmate.name)
    expect(advisees).not_to_contain_text(demo.restricted_guardian.name)
    check_page(page, axe, "advisor", "home")

    advisees.get_by_role("link", name=demo.learner.name).click()
    lands_on(page, f"/learners/{demo.learner.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.learner.name)
    expect(page.get_by_role("region", name="Learning team")).to_contain_text(demo.mentor.name)
    expect(page.get_by_role("region", name="Classes")).to_contain_text(demo.math_section.name)
    check_page(page, axe, "advisor", "record")

    is_hidden(page, f"/learners/{demo.elementary_learner.public_id}/", demo.elementary_learner.name)


def test_teacher(page: Page, axe: Axe, demo: Demo) -> None:
    sign_in(page, "teacher")
    lands_on(page, "/teach/")
    tile = page.get_by_role("link", name=demo.math_section.name)
    expect(tile).to_be_visible()
    expect(tile).to_contain_text(re.compile(r"\d+ learners"))
    check_page(page, axe, "teacher", "home")

    tile.click()
    lands_on(page, f"/teach/sections/{demo.math_section.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.math_section.name)
    roster = page.get_by_role("table")
    expect(roster.get_by_role("rowheader", name=demo.learner.name)).to_be_visible()
    expect(roster.get_by_role("rowheader", name=demo.classmate.name)).to_be_visible()
    check_page(page, axe, "teacher", "section")

    roster.get_by_role("link", name=demo.learner.name).click()
    lands_on(page, f"/learners/{demo.learner.public_id}/")
    expect(page.get_by_role("region", name="Classes")).to_contain_text(demo.math_section.name)
    check_page(page, axe, "teacher", "record")

    is_hidden(page, f"/learners/{demo.elementary_learner.public_id}/", demo.elementary_learner.name)


def test_mentor(page: Page, axe: Axe, demo: Demo) -> None:
    sign_in(page, "mentor")
    lands_on(page, "/advise/")
    expect(page.locator("main")).to_contain_text("You are not advising anyone right now.")
    expect(page.get_by_role("heading", name="My mentees")).to_be_visible()
    mentees = page.get_by_role("list").filter(has=page.get_by_role("link", name=demo.learner.name))
    expect(mentees.get_by_role("listitem")).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text(demo.classmate.name)
    check_page(page, axe, "mentor", "home")

    page.get_by_role("link", name=demo.learner.name).click()
    lands_on(page, f"/learners/{demo.learner.public_id}/")
    expect(page.get_by_role("region", name="Learning team")).to_contain_text(demo.advisor.name)
    expect(page.get_by_role("heading", name="Classes")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(demo.math_section.name)
    check_page(page, axe, "mentor", "record")

    is_hidden(page, f"/learners/{demo.classmate.public_id}/", demo.classmate.name)


def test_school_admin(page: Page, axe: Axe, demo: Demo) -> None:
    sign_in(page, "schooladmin")
    lands_on(page, "/manage/")
    expect(page.get_by_role("link", name=demo.middle_school.name)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(demo.elementary_school.name)
    expect(page.get_by_role("link", name="Import a OneRoster file")).to_have_count(0)
    check_page(page, axe, "schooladmin", "home")

    page.get_by_role("link", name=demo.middle_school.name).click()
    lands_on(page, f"/manage/schools/{demo.middle_school.public_id}/")
    learners = page.get_by_role("table")
    expect(learners.locator("caption")).to_contain_text(f"{demo.middle_school_learners} learners")
    expect(learners.get_by_role("rowheader")).to_have_count(min(demo.middle_school_learners, 50))
    expect(learners).not_to_contain_text(demo.elementary_learner.name)
    check_page(page, axe, "schooladmin", "school")

    edit = page.get_by_role("link", name=f"Edit team of {demo.learner.name}")
    for _ in range(demo.middle_school_learners // 50 + 1):
        if edit.count():
            break
        page.get_by_role("link", name="Next").click()
    edit.click()
    lands_on(page, f"/manage/learners/{demo.learner.public_id}/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Learning team of {demo.learner.name}")
    members = page.get_by_role("table")
    for adult in (demo.advisor, demo.mentor):
        expect(members.get_by_role("rowheader", name=adult.name)).to_be_visible()
    guardians = page.get_by_role("region", name="Guardians")
    expect(guardians).to_contain_text(demo.guardian.name)
    expect(guardians.get_by_role("listitem").filter(has_text=demo.restricted_guardian.name)).to_contain_text(
        "Restricted: sees nothing"
    )
    check_page(page, axe, "schooladmin", "team")

    is_hidden(page, f"/manage/schools/{demo.elementary_school.public_id}/", demo.elementary_school.name)
    is_hidden(page, "/manage/imports/roster/")


def test_district_admin(page: Page, axe: Axe, demo: Demo) -> None:
    sign_in(page, "districtadmin")
    lands_on(page, "/manage/")
    for school in (demo.middle_school, demo.elementary_school):
        expect(page.get_by_role("link", name=school.name)).to_be_visible()
    check_page(page, axe, "districtadmin", "home")

    page.get_by_role("link", name=demo.elementary_school.name).click()
    lands_on(page, f"/manage/schools/{demo.elementary_school.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.elementary_school.name)
    expect(page.get_by_role("table")).not_to_contain_text(demo.learner.name)
    check_page(page, axe, "districtadmin", "school")

    page.goto("/manage/")
    page.get_by_role("link", name="Import a OneRoster file").click()
    lands_on(page, "/manage/imports/roster/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a OneRoster file")
    expect(page.locator("input[type=file]")).to_be_visible()
    check_page(page, axe, "districtadmin", "roster-import")
