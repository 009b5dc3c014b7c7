"""The community's pages: who sees the member list and the joining link, and forms that refuse
bad input with a clear message and change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from hls_events.communities import meetings
from hls_events.communities.meetings import MeetingPlace, RepeatRule
from hls_events.extensions import db
from hls_events.models import CommunityFacilitator, CommunityMember, EventSession
from tests.factories import make_user

JOIN_LINK = "https://meet.example.org/the-curious"


def _url(community, tail: str = "") -> str:
    return f"/p/{community.programme.slug}/communities/{community.slug}/{tail}"


def _world(community, join_as):
    listed, _ = join_as(
        community,
        make_user("lena@example.org", name="Lena Listed"),
        organisation="Wigan Council",
        working_on="Learning partners for commissioning",
        show_to_members=True,
    )
    hidden, _ = join_as(
        community,
        make_user("hal@example.org", name="Hal Hidden"),
        organisation="Secret Org",
        show_to_members=False,
    )
    first = (datetime.now(UTC) + timedelta(days=9)).date()
    meetings.add_meetings(
        community.id,
        RepeatRule(
            2,
            first.weekday(),
            datetime.min.time().replace(hour=10),
            datetime.min.time().replace(hour=11),
            2,
            first,
        ),
        MeetingPlace(joining_url=JOIN_LINK),
    )
    return listed, hidden


def test_outsiders_see_purpose_and_times_but_no_members_and_no_link(
    client, sign_in, community, join_as
):
    _world(community, join_as)
    for signed_in in (False, True):
        if signed_in:
            make_user("out@example.org")
            sign_in("out@example.org")
        page = client.get(_url(community))
        assert page.status_code == 200
        assert "<strong>try</strong>" in page.text  # the purpose, as Markdown
        assert "Fay Facilitator" in page.text
        assert "10:00" in page.text
        assert JOIN_LINK not in page.text
        assert "Lena Listed" not in page.text and "Hal Hidden" not in page.text


def test_members_see_those_who_agreed_and_the_link_but_no_emails(
    client, sign_in, community, join_as
):
    _world(community, join_as)
    sign_in("lena@example.org")
    page = client.get(_url(community)).text
    assert JOIN_LINK in page
    assert "Lena Listed" in page and "Learning partners for commissioning" in page
    assert "Hal Hidden" not in page and "Secret Org" not in page
    assert "1 member who chose not to be listed" in page
    assert "hal@example.org" not in page and "mailto:" not in page


def test_a_member_who_did_not_agree_sees_themself_marked_as_unlisted(
    client, sign_in, community, join_as
):
    _world(community, join_as)
    sign_in("hal@example.org")
    page = client.get(_url(community)).text
    assert "Hal Hidden" in page and "you chose not to be listed" in page


def test_facilitators_see_everyone_with_a_contact_email(client, sign_in, community, join_as):
    _world(community, join_as)
    sign_in("fay@example.org")
    page = client.get(_url(community)).text
    assert "hal@example.org" in page and "lena@example.org" in page
    listing = client.get(_url(community, "facilitate/")).text
    assert "Hal Hidden" in listing and "mailto:hal@example.org" in listing


def test_joining_through_the_page_and_joining_twice(client, sign_in, post_form, community):
    make_user("jo@example.org", name="Jo Joiner")
    sign_in("jo@example.org")
    answer = post_form(
        _url(community, "join"), {"organisation": "Plymouth", "show_to_members": "y"}
    )
    assert answer.status_code == 302
    again = post_form(_url(community, "join"), {"organisation": "Plymouth"})
    assert again.status_code == 409
    assert "already a member" in again.text
    assert db.session.scalar(select(func.count()).select_from(CommunityMember)) == 1


def test_a_skipped_time_in_the_form_is_refused_with_a_message(
    client, sign_in, post_form, community
):
    sign_in("fay@example.org")
    answer = post_form(
        _url(community, "facilitate/meetings/new"),
        {
            "every_weeks": "1",
            "weekday": "6",
            "starts": "01:30",
            "ends": "02:30",
            "times": "2",
            "first_day": "2031-03-23",
        },
    )
    assert answer.status_code == 422
    assert "clocks go forward" in answer.text
    assert db.session.scalar(select(func.count()).select_from(EventSession)) == 0
    nothing = post_form(
        _url(community, "facilitate/meetings/new"),
        {
            "every_weeks": "1",
            "weekday": "1",
            "starts": "10:00",
            "ends": "11:00",
            "times": "0",
            "first_day": "2031-03-23",
        },
    )
    assert nothing.status_code == 422 and "makes no meetings" in nothing.text
    huge = post_form(
        _url(community, "facilitate/meetings/new"),
        {
            "every_weeks": "99999999999999999999",
            "weekday": "9",
            "starts": "x",
            "ends": "25:99",
            "times": "-1",
            "first_day": "nope",
        },
    )
    assert huge.status_code == 422
    # A NUL character is refused where input enters the app, before any form sees it.
    nul = post_form(_url(community, "facilitate/meetings/new"), {"ends": "\x00"})
    assert nul.status_code == 400


def test_the_last_facilitator_is_told_they_cannot_step_down(client, sign_in, post_form, community):
    sign_in("fay@example.org")
    answer = post_form(
        _url(community, "facilitate/facilitators"),
        {},
        action=_url(community, "facilitate/step-down"),
    )
    assert answer.status_code == 302
    page = client.get(answer.location).text
    assert "only facilitator" in page
    assert db.session.scalar(select(func.count()).select_from(CommunityFacilitator)) == 1


def test_organisers_create_communities_and_name_facilitators(client, sign_in, post_form, programme):
    make_user("fred@example.org", name="Fred")
    sign_in("organiser@example.org")
    url = f"/organise/p/{programme.slug}/communities/new"
    bad = post_form(
        url,
        {
            "name": "Stewards",
            "membership_rule": "open",
            "status": "open",
            "facilitators": "nobody@example.org",
        },
    )
    assert bad.status_code == 422 and "ask them to sign up first" in bad.text
    good = post_form(
        url,
        {
            "name": "System stewards",
            "membership_rule": "request",
            "status": "open",
            "member_limit": "20",
            "waitlist_open": "y",
            "facilitators": "fred@example.org",
        },
    )
    assert good.status_code == 302
    assert client.get(good.location).status_code == 200
    assert "/communities/system-stewards/" in good.location


def test_the_community_record_shows_what_members_shared_to_members_only(
    client, sign_in, community, join_as
):
    from hls_events.communities import membership
    from hls_events.models import Attribution, Visibility
    from tests.factories import make_reflection, make_theme

    listed, hidden = _world(community, join_as)
    theme = make_theme("Relational practice")
    make_reflection(
        community.event,
        listed,
        "qxcommunity trust grows slowly",
        visibility=Visibility.COMMUNITY,
        themes=[theme],
    )
    make_reflection(
        community.event,
        hidden,
        "qxprivate my own notes",
        visibility=Visibility.PRIVATE,
        attribution=Attribution.ANONYMOUS,
    )
    sign_in("hal@example.org")
    page = client.get(_url(community, "record")).text
    assert "qxcommunity" in page and "Lena Listed" in page and "qxprivate" not in page
    assert "Relational practice</a> (1)" in page
    assert "qxcommunity" not in client.get(_url(community, "record?q=nothing-like-it")).text
    assert "qxcommunity" in client.get(_url(community, "record?q=TRUST")).text
    assert "qxcommunity" in client.get(_url(community, "record?theme=relational-practice")).text
    membership.leave(community.id, hidden.id)
    assert client.get(_url(community, "record")).status_code == 403


def test_a_member_changes_their_consent_and_the_list_follows(
    client, sign_in, post_form, community, join_as
):
    _listed, hidden = _world(community, join_as)
    sign_in("hal@example.org")
    answer = post_form(
        _url(community, "profile"),
        {"organisation": "Open Org", "working_on": "", "show_to_members": "y"},
    )
    assert answer.status_code == 302
    from hls_events.communities.common import consenting

    assert consenting(community.id, [hidden.id]) == {hidden.id}
    assert "you chose not to be listed" not in client.get(_url(community)).text
