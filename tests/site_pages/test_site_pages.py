"""The privacy notice and accessibility statement: default text, admin editing, safe rendering."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hls_events.extensions import db
from hls_events.models import SitePage, User, utcnow
from tests.conftest import csrf_token_from
from tests.factories import make_user
from tests.site_pages.test_markdown import assert_safe


@pytest.fixture
def admin(app):
    return make_user(
        "ada@example.org", name="Ada Admin", is_admin=True, email_confirmed_at=utcnow()
    )


def test_default_pages_are_shown_before_the_admin_writes_any(client):
    privacy = client.get("/privacy")
    assert privacy.status_code == 200
    assert "<h1>Privacy notice</h1>" in privacy.text
    for words in (
        "access needs",
        "only the organisers",
        "hosts of that event",
        "UK General Data Protection Regulation",
        "download a copy of your information, and delete your account, from your account page",
        "outgoing mail queue",
    ):
        assert words in privacy.text, words

    accessibility = client.get("/accessibility")
    assert accessibility.status_code == 200
    assert "<h1>Accessibility statement</h1>" in accessibility.text
    assert "WCAG) version 2.2 at level AA" in accessibility.text
    assert "Edit this page" not in accessibility.text


@pytest.mark.parametrize("path", ["/", "/privacy", "/accessibility", "/account/sign-in", "/nope"])
def test_every_page_links_to_both_in_its_footer(client, path):
    footer = client.get(path).text.split('<footer class="site-footer">')[1]
    assert '<a href="/privacy">Privacy</a>' in footer
    assert '<a href="/accessibility">Accessibility</a>' in footer


def test_admin_edits_a_page(client, sign_in, post_form, admin):
    sign_in("ada@example.org")
    page = client.get("/privacy")
    assert 'href="/admin/pages/privacy/edit"' in page.text
    form = client.get("/admin/pages/privacy/edit")
    assert form.status_code == 200
    assert "still shows the text HLS Events came with" in form.text
    assert "This notice explains what personal information" in form.text  # starts from the default

    saved = post_form(
        "/admin/pages/privacy/edit",
        {"title": "How we use your information", "body": "## Who we are\n\nNorthshire Council."},
    )

    assert saved.status_code == 302
    assert saved.location.endswith("/privacy")
    stored = db.session.get(SitePage, "privacy")
    assert stored.title == "How we use your information"
    assert stored.updated_by_id == admin.id
    shown = client.get("/privacy")
    assert "<h1>How we use your information</h1>" in shown.text
    assert "<h2>Who we are</h2>\n<p>Northshire Council.</p>" in shown.text
    assert "Last updated" in shown.text
    assert "<h1>Accessibility statement</h1>" in client.get("/accessibility").text


def test_page_form_errors_change_nothing(client, sign_in, post_form, admin):
    sign_in("ada@example.org")
    response = post_form("/admin/pages/accessibility/edit", {"title": "", "body": ""})
    assert response.status_code == 422
    assert "Enter a title." in response.text
    assert "Enter the text of the page." in response.text
    assert db.session.scalar(select(SitePage)) is None


def test_what_the_admin_writes_is_cleaned(client, sign_in, post_form, admin):
    sign_in("ada@example.org")
    post_form(
        "/admin/pages/accessibility/edit",
        {
            "title": "Access <script>alert(1)</script>",
            "body": "Hi <script>alert(1)</script> [click](javascript:alert(1))"
            ' <a href="https://example.org" onclick="alert(1)">x</a>',
        },
    )
    html = client.get("/accessibility").text
    assert "<script>alert(1)</script>" not in html
    assert "Access &lt;script&gt;" in html  # the title is escaped text
    body = html.split("</h1>", 1)[1].split("</article>", 1)[0]
    assert_safe(body.split('<p class="meta">')[0])
    assert "<script" not in body and 'href="javascript:' not in body


def test_only_the_admin_may_edit(client, sign_in):
    anonymous = client.get("/admin/pages/privacy/edit")
    assert anonymous.status_code == 302 and "/account/sign-in" in anonymous.location

    make_user("org@example.org", organiser=True, email_confirmed_at=utcnow())
    sign_in("org@example.org")
    assert client.get("/admin/pages/privacy/edit").status_code == 403
    page = client.get("/privacy")
    assert "Edit this page" not in page.text
    refused = client.post(
        "/admin/pages/privacy/edit",
        data={"title": "Mine", "body": "Mine", "csrf_token": csrf_token_from(page.text)},
    )
    assert refused.status_code == 403
    assert db.session.scalar(select(SitePage)) is None


def test_unknown_page_is_not_found(client, sign_in, admin):
    sign_in("ada@example.org")
    assert client.get("/admin/pages/terms/edit").status_code == 404


def test_create_admin_command(runner):
    created = runner.invoke(args=["create-admin", "Root@Example.org", "--name", "Rita"])
    assert created.exit_code == 0, created.output
    assert "Created site admin root@example.org." in created.output
    assert "Password: " in created.output
    user = db.session.scalar(select(User).where(User.email == "root@example.org"))
    assert user.is_admin and user.email_confirmed and user.name == "Rita"

    make_user("org@example.org", organiser=True)
    promoted = runner.invoke(args=["create-admin", "org@example.org"])
    assert promoted.exit_code == 0
    assert "Updated site admin org@example.org." in promoted.output
    assert "Password" not in promoted.output  # an existing account keeps its password
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.email == "org@example.org")).is_admin

    refused = runner.invoke(args=["create-admin", "not-an-address"])
    assert refused.exit_code != 0
    short = runner.invoke(args=["create-admin", "x@example.org", "--password", "short"])
    assert short.exit_code != 0
