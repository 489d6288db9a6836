"""Signing in, in a real browser: failures never reveal whether an account exists, and five failures lock
the username (django-axes) even against the right password."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import check_page, sign_in, sign_out

pytestmark = pytest.mark.browser

USERNAME = "ines.okafor"
PASSWORD = "a-long-enough-passphrase-2026"
LOCKED_OUT = "Too many failed attempts"


@pytest.fixture
def account(transactional_db) -> str:
    from trellis.apps.accounts.services import create_account

    create_account(username=USERNAME, first_name="Ines", last_name="Okafor", password=PASSWORD)
    return USERNAME


def error_text(page: Page) -> str:
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    return summary.inner_text().strip()


def test_wrong_password_says_the_same_whether_or_not_the_account_exists(
    page: Page, axe: Axe, account: str
) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/account/sign-in/\?next=/$"))
    check_page(page, axe, "visitor", "sign-in")

    sign_in(page, account, "not-the-password")
    expect(page).to_have_url(re.compile(r"/account/sign-in/$"))
    known = error_text(page)
    expect(page.locator("#id_username")).to_have_value(account)
    check_page(page, axe, "visitor", "sign-in-error")

    sign_in(page, "nobody.by.this.name", "not-the-password")
    expect(page).to_have_url(re.compile(r"/account/sign-in/$"))
    unknown = error_text(page)

    assert known == unknown, f"an existing account answers {known!r}, a missing one {unknown!r}"
    assert LOCKED_OUT not in known


def test_five_failures_lock_the_account_even_against_the_right_password(
    page: Page, axe: Axe, account: str
) -> None:
    # The password is right: it signs in (the account has no school role yet, so a welcome page).
    sign_in(page, account, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Ines Okafor")
    check_page(page, axe, "newcomer", "home")
    sign_out(page)

    for attempt in range(1, 6):
        sign_in(page, account, f"wrong-guess-{attempt}")
        expect(page.get_by_role("alert")).to_be_visible()
        if attempt < 5:
            expect(page.get_by_role("alert")).not_to_contain_text(LOCKED_OUT)

    sign_in(page, account, PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text(LOCKED_OUT)
    check_page(page, axe, "visitor", "locked-out")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/account/sign-in/\?next=/$"))

    # A username that doesn't exist locks the same way, so lockout doesn't reveal which accounts are real.
    for attempt in range(1, 7):
        sign_in(page, "nobody.by.this.name", f"wrong-guess-{attempt}")
    expect(page.get_by_role("alert")).to_contain_text(LOCKED_OUT)
