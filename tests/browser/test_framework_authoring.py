"""Framework authoring in a real browser, on the demo school: the principal opens the demo math framework from
the manage home, adds a competency under the ratios domain, gives it a prerequisite, tries a link that would
close a loop and sees the loop named (with what they chose still chosen), and finds the new competency in the
continuum with its prerequisite in words — on a desktop and at phone width —, then changes the framework's
mastery rules and is told mastery was recomputed. Every page passes axe-core."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import PHONE, Demo, check_page, no_horizontal_scroll, sign_in

pytestmark = pytest.mark.browser

MATH = "Mathematics progression, grades 5–8 (demo)"
NEW_CODE = "6.RP.A.3d"
NEW_STATEMENT = "Use ratio reasoning to convert measurement units."


def public_id(code: str) -> str:
    from trellis.apps.frameworks.models import Competency

    return str(Competency.objects.get(framework__title=MATH, human_code=code).public_id)


def test_add_a_competency_and_a_prerequisite_and_see_a_loop_refused(page: Page, axe: Axe, demo: Demo) -> None:
    sign_in(page, "schooladmin")
    page.get_by_role("link", name="Frameworks and mastery rules").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Frameworks")
    check_page(page, axe, "schooladmin", "frameworks")
    page.get_by_role("link", name=MATH).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MATH)
    expect(page.locator(f"#c-{public_id('6.RP.A.3c')}")).to_contain_text(
        re.compile(r"Comes after: 5.NF.B.4 [^;]+; 6.RP.A.3b Solve unit rate problems")
    )
    check_page(page, axe, "schooladmin", "framework")

    # --- a new competency under the ratios domain -----------------------------------------------------
    page.get_by_role("link", name="Add a competency").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a competency")
    page.get_by_label("Statement").fill(NEW_STATEMENT)
    page.get_by_label("Code (optional)").fill(NEW_CODE)
    page.get_by_label("Kind").select_option("learning_target")
    page.get_by_label("Part of (optional)").select_option(public_id("RP"))
    page.get_by_label("Grade levels (optional)").fill("06")
    check_page(page, axe, "schooladmin", "competency-new")
    page.get_by_role("button", name="Add the competency").click()
    expect(page.get_by_role("status")).to_contain_text("The competency is added.")
    new = page.locator(f"#c-{public_id(NEW_CODE)}")
    expect(new).to_contain_text(f"{NEW_CODE} {NEW_STATEMENT}")
    # It sits in the ratios domain's list, after the domain's other targets.
    expect(page.locator(f"#c-{public_id('RP')} > ul > li").last).to_have_id(f"c-{public_id(NEW_CODE)}")

    # --- a prerequisite: 6.RP.A.3c comes before it ----------------------------------------------------
    page.get_by_role("link", name="Add a link").click()
    page.get_by_label("This competency").select_option(public_id("6.RP.A.3c"))
    page.get_by_label("How they are linked").select_option("prerequisite_of")
    page.get_by_label("That competency").select_option(public_id(NEW_CODE))
    check_page(page, axe, "schooladmin", "link-new")
    page.get_by_role("button", name="Add the link").click()
    expect(page.get_by_role("status")).to_contain_text("The link is added.")

    # --- a link that closes a loop: refused, the loop named, the choices kept --------------------------
    page.get_by_role("link", name="Add a link").click()
    page.get_by_label("This competency").select_option(public_id(NEW_CODE))
    page.get_by_label("How they are linked").select_option("prerequisite_of")
    page.get_by_label("That competency").select_option(public_id("6.RP.A.1"))
    page.get_by_role("button", name="Add the link").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(
        re.compile(
            r"This link would make a loop: 6\.RP\.A\.3d → 6\.RP\.A\.1 → 6\.RP\.A\.(2|3a) → 6\.RP\.A\.3b → "
            r"6\.RP\.A\.3c → 6\.RP\.A\.3d\. Remove one of these links first\."
        )
    )
    expect(page.get_by_label("This competency")).to_have_value(public_id(NEW_CODE))
    expect(page.get_by_label("That competency")).to_have_value(public_id("6.RP.A.1"))
    expect(page.get_by_label("That competency")).to_have_attribute("aria-invalid", "true")
    check_page(page, axe, "schooladmin", "link-loop-refused")

    # --- the new competency on the framework page, its prerequisite in words ----------------------------
    page.get_by_role("link", name=f"Back to {MATH}").click()
    new = page.locator(f"#c-{public_id(NEW_CODE)}")
    expect(new).to_contain_text("Learning target · Grade 06")
    expect(new).to_contain_text("Comes after: 6.RP.A.3c Find a percent of a quantity")
    expect(page.locator(f"#c-{public_id('6.RP.A.1')}")).not_to_contain_text(f"Comes after: {NEW_CODE}")

    page.set_viewport_size(PHONE)
    page.reload()
    no_horizontal_scroll(page)
    expect(page.locator(f"#c-{public_id(NEW_CODE)}")).to_be_visible()
    check_page(page, axe, "schooladmin", "framework-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # --- its edit page lists its links; the mastery rules page recomputes and says what changed ---------
    page.get_by_role("link", name=f"Edit {NEW_CODE}").click()
    expect(page.get_by_role("region", name="Links")).to_contain_text("6.RP.A.3c")
    check_page(page, axe, "schooladmin", "competency-edit")
    page.get_by_role("link", name=f"Back to {MATH}").click()
    page.get_by_role("link", name="Change the mastery rules").click()
    check_page(page, axe, "schooladmin", "mastery-rules")
    page.get_by_label("Highest").check()
    page.get_by_label("Self-assessment counts toward mastery").check()
    page.get_by_role("button", name="Save and recompute mastery").click()
    expect(page.get_by_role("status")).to_contain_text("Mastery was recomputed from the evidence")
    expect(page.get_by_role("region", name="Mastery rules")).to_contain_text("Highest")
