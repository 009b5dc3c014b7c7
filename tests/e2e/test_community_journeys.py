"""Learning communities in a real browser: joining and seeing the other members, sending
apologies, the facilitator marking who came, and a member reflecting after a meeting. Every
community page on the way, and every page those who run one use, is checked with axe-core."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hls_events.communities import meetings, membership, running
from hls_events.communities.membership import Profile
from hls_events.extensions import db
from hls_events.models import (
    CommunityStatus,
    MeetingApology,
    MeetingAttendance,
    MembershipRule,
    Reflection,
    Visibility,
)
from tests.e2e.conftest import (
    assert_form_controls_labelled,
    assert_no_axe_violations,
    goto,
    sign_in,
    submit,
)
from tests.factories import make_programme, make_user

HOME = "/p/hls-2022/communities/the-curious/"


@pytest.fixture
def scene(app):
    organiser = make_user("olive@example.org", organiser=True, name="Olive Organiser")
    programme = make_programme("hls-2022", title="HLS 2022", organisers=[organiser])
    make_user("fay@example.org", name="Fay Facilitator")
    community = running.create_community(
        programme.id,
        running.CommunityDetails(
            name="The curious",
            purpose="We **try** things and tell each other how they went.",
            membership_rule=MembershipRule.OPEN,
            member_limit=12,
            waitlist_open=True,
            status=CommunityStatus.OPEN,
        ),
        ["fay@example.org"],
    )
    lena = make_user("lena@example.org", name="Lena Listed")
    membership.join(
        community.id,
        lena.id,
        Profile("Wigan Council", "Learning partners for commissioning", show_to_members=True),
    )
    today = datetime.now(UTC).date()
    past_start = today - timedelta(days=29)
    held = meetings.add_meetings(
        community.id,
        meetings.RepeatRule(2, past_start.weekday(), time(10), time(11), 2, past_start),
        meetings.MeetingPlace(joining_url="https://meet.example.org/curious"),
        now=datetime(2000, 1, 2, tzinfo=UTC),
    )
    soon = today + timedelta(days=7)
    coming = meetings.add_meetings(
        community.id,
        meetings.RepeatRule(2, soon.weekday(), time(10), time(11), 2, soon),
        meetings.MeetingPlace(joining_url="https://meet.example.org/curious"),
    )
    return {"community": community, "lena": lena, "held": held, "coming": coming}


def _checked(page: Page) -> None:
    assert_no_axe_violations(page)
    assert_form_controls_labelled(page)


def test_a_newcomer_joins_sees_the_members_and_sends_apologies(page: Page, scene) -> None:
    goto(page, HOME)
    expect(page.get_by_role("heading", name="The curious", level=1)).to_be_visible()
    expect(page.get_by_text("Lena Listed")).to_have_count(0)  # nobody outside sees the list
    _checked(page)

    sign_in(page, make_user("ada@example.org", name="Ada Newcomer").email)
    goto(page, HOME)
    page.get_by_role("link", name="Join The curious").click()
    _checked(page)
    page.get_by_label("Your organisation").fill("Gateshead Council")
    page.get_by_label(re.compile("^Show my name")).check()
    assert submit(page, "Join").status == 302
    expect(page.get_by_text("You are a member. Welcome.")).to_be_visible()
    members = page.get_by_role("region", name="Members")
    expect(members.get_by_text("Lena Listed")).to_be_visible()
    expect(members.get_by_text("Learning partners for commissioning")).to_be_visible()
    expect(members.get_by_text("Ada Newcomer")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Join the meeting")).first).to_be_visible()
    _checked(page)

    page.get_by_role("link", name=re.compile("^Send apologies")).first.click()
    _checked(page)
    page.get_by_label("A note for the facilitators (optional)").fill("At a conference.")
    assert submit(page, "Send apologies").status == 302
    expect(page.get_by_text("Your apologies are sent to the facilitators.")).to_be_visible()
    expect(page.get_by_text("You sent apologies")).to_be_visible()
    ada = db.session.scalar(select(MeetingApology))
    assert ada is not None and ada.session_id == scene["coming"][0]

    for tail in ("attendance", "profile", "reflect", "journey", "record", "leave"):
        goto(page, HOME + tail)
        _checked(page)


def test_the_facilitator_marks_who_came_and_a_member_reflects_after_the_meeting(
    open_page, scene
) -> None:
    facilitator = open_page()
    sign_in(facilitator, "fay@example.org")
    goto(facilitator, HOME)
    _checked(facilitator)
    facilitator.get_by_role("link", name=re.compile("^Mark who came")).first.click()
    _checked(facilitator)
    facilitator.get_by_label("Lena Listed").check()
    assert submit(facilitator, "Save attendance").status == 302
    expect(facilitator.get_by_text("Saved who came.")).to_be_visible()
    _checked(facilitator)  # the members, requests, waiting list and continuity page
    marked = db.session.scalar(select(MeetingAttendance))
    assert marked is not None and marked.attended and marked.user_id == scene["lena"].id

    member = open_page()
    sign_in(member, "lena@example.org")
    goto(member, HOME + "attendance")
    expect(member.get_by_role("cell", name="Came")).to_have_count(1)
    goto(member, HOME)
    member.get_by_role("link", name=re.compile("^Reflect on this meeting")).first.click()
    expect(member.get_by_role("heading", level=1)).to_contain_text("Reflect on meeting 1")
    _checked(member)
    member.get_by_label("What happened, and how did it feel?").fill(
        "We tried the peer review again and it worked better."
    )
    member.get_by_label(re.compile("^Members of this community")).check()
    member.get_by_label(re.compile("^With my name")).check()
    assert submit(member, "Save your reflection").status == 302
    expect(member.get_by_text("Your reflection is saved.")).to_be_visible()
    expect(member.get_by_role("heading", name=re.compile("^Meeting 1, "))).to_be_visible()
    expect(member.get_by_text("We tried the peer review again")).to_be_visible()
    _checked(member)  # the learning journey
    reflection = db.session.scalar(select(Reflection))
    assert reflection is not None and reflection.session_id == scene["held"][0]
    assert reflection.visibility == Visibility.COMMUNITY

    goto(member, HOME + "record")
    expect(member.get_by_text("We tried the peer review again")).to_be_visible()
    _checked(member)
    goto(member, HOME + "reflect")
    expect(member.get_by_role("link", name=re.compile("^Change your reflection"))).to_have_count(1)
    _checked(member)
    goto(member, HOME + f"meetings/{scene['held'][0]}/reflect/delete")
    _checked(member)
    goto(member, f"/practice/reflections/{reflection.id}")
    expect(
        member.get_by_role("link", name=re.compile("^About the learning community"))
    ).to_be_visible()
    _checked(member)


def test_every_page_of_running_a_community_passes_axe(page: Page, scene) -> None:
    sign_in(page, "olive@example.org")
    goto(page, "/organise/p/hls-2022/communities/new")
    _checked(page)
    goto(page, "/p/hls-2022/communities/")
    _checked(page)
    base = HOME + "facilitate/"
    coming = scene["coming"][0]
    for tail in (
        "",
        "edit",
        "facilitators",
        "meetings/new",
        f"meetings/{coming}/move",
        f"meetings/{coming}/cancel",
        f"meetings/{coming}/taster",
        f"meetings/{scene['held'][0]}/attendance",
    ):
        goto(page, base + tail)
        _checked(page)
    # A rule that makes no meetings: a clear message beside the field, and nothing added.
    goto(page, base + "meetings/new")
    page.get_by_label("How many times").fill("0")
    page.get_by_label("From", exact=True).fill("10:00")
    page.get_by_label("To", exact=True).fill("11:00")
    page.get_by_label("From the first such day on or after").fill(
        (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    )
    assert submit(page, "Add the meetings").status == 422
    expect(page.get_by_text("This rule makes no meetings").first).to_be_visible()
    _checked(page)
