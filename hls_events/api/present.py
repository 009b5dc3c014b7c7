"""Models in, JSON-ready dicts out, with absolute addresses. The web layer of the API: it may
call url_for. Joining links are given only where the caller's confirmed place allows."""

from __future__ import annotations

from typing import Any

from flask import url_for

from ..models import (
    Event,
    EventSession,
    Programme,
    Registration,
    RegistrationStatus,
    ScheduleChange,
    SpeakerRole,
)
from ..reflections import exports
from ..reflections.entries import Entry
from ..speakers.queries import SpeakerListing


def _url(endpoint: str, **values: Any) -> str:
    return url_for(endpoint, _external=True, **values)


def programme_ref(programme: Programme) -> dict[str, Any]:
    return {
        "slug": programme.slug,
        "title": programme.title,
        "api_url": _url("api.programme", programme_slug=programme.slug),
    }


def programme(item: Programme) -> dict[str, Any]:
    slug = item.slug
    return {
        "slug": slug,
        "title": item.title,
        "summary": item.summary,
        "description": item.description,
        "title_cy": item.title_cy,
        "summary_cy": item.summary_cy,
        "description_cy": item.description_cy,
        "timezone": item.timezone,
        "starts_on": item.starts_on,
        "ends_on": item.ends_on,
        "status": item.status.value,
        "themes": [{"slug": theme.slug, "name": theme.name} for theme in item.themes],
        "url": _url("programmes.programme", programme_slug=slug),
        "api_url": _url("api.programme", programme_slug=slug),
        "events_url": _url("api.events", programme_slug=slug),
        "speakers_url": _url("api.speakers", programme_slug=slug),
        "changes_url": _url("api.changes", programme_slug=slug),
    }


def session(item: EventSession, *, with_joining_url: bool) -> dict[str, Any]:
    joining = item.joining_url if with_joining_url and not item.is_cancelled else ""
    return {
        "id": item.id,
        "title": item.title,
        "title_cy": item.title_cy,
        "starts_at": item.starts_at,
        "ends_at": item.ends_at,
        "status": item.status.value,
        "venue_name": item.venue_name,
        "venue_address": item.venue_address,
        "joining_url": joining or None,
    }


def _person(role: Any, programme_slug: str) -> dict[str, Any]:
    speaker = role.speaker
    return {
        "slug": speaker.slug,
        "name": speaker.name,
        "role": role.role.value,
        "job_title": speaker.job_title,
        "organisation": speaker.organisation.name if speaker.organisation else None,
        "api_url": _url("api.speaker", programme_slug=programme_slug, speaker_slug=speaker.slug),
    }


def event(
    item: Event, programme: Programme, *, held: int, with_joining_urls: bool
) -> dict[str, Any]:
    people = [_person(role, programme.slug) for role in item.speaker_roles]
    organisation = item.organisation
    return {
        "id": item.id,
        "slug": item.slug,
        "title": item.title,
        "summary": item.summary,
        "description": item.description,
        "title_cy": item.title_cy,
        "summary_cy": item.summary_cy,
        "description_cy": item.description_cy,
        "format": item.format.value,
        "mode": item.mode.value,
        "status": item.status.value,
        "capacity": item.capacity,
        "places_left": None if item.capacity is None else max(item.capacity - held, 0),
        "registration_opens_at": item.registration_opens_at,
        "registration_closes_at": item.registration_closes_at,
        "is_recorded": item.is_recorded,
        "access_arrangements": item.access_arrangements,
        "programme": programme_ref(programme),
        "organisation": (
            {"slug": organisation.slug, "name": organisation.name, "website": organisation.website}
            if organisation
            else None
        ),
        "themes": [{"slug": theme.slug, "name": theme.name} for theme in item.themes],
        "hosts": [person for person in people if person["role"] == SpeakerRole.HOST.value],
        "speakers": people,
        "sessions": [session(s, with_joining_url=with_joining_urls) for s in item.sessions],
        "url": _url("programmes.event", programme_slug=programme.slug, event_slug=item.slug),
        "api_url": _url("api.event", programme_slug=programme.slug, event_slug=item.slug),
    }


def speaker(listing: SpeakerListing, programme: Programme) -> dict[str, Any]:
    item = listing.speaker
    return {
        "slug": item.slug,
        "name": item.name,
        "pronouns": item.pronouns,
        "job_title": item.job_title,
        "organisation": item.organisation.name if item.organisation else None,
        "bio": item.bio,
        "links": item.links,
        "programme": programme_ref(programme),
        "events": [
            {
                "slug": e.slug,
                "title": e.title,
                "api_url": _url("api.event", programme_slug=programme.slug, event_slug=e.slug),
            }
            for e in listing.events
        ],
        "url": _url("speakers.speaker", programme_slug=programme.slug, speaker_slug=item.slug),
        "api_url": _url("api.speaker", programme_slug=programme.slug, speaker_slug=item.slug),
    }


def change(item: ScheduleChange, programme: Programme, event_slug: str | None) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind.value,
        "event_title": item.event_title,
        "description": item.description,
        "changed_at": item.changed_at,
        "event_api_url": (
            _url("api.event", programme_slug=programme.slug, event_slug=event_slug)
            if event_slug
            else None
        ),
        "api_url": _url("api.change", programme_slug=programme.slug, change_id=item.id),
    }


def _entry_url(entry: Entry) -> str:
    if entry.is_reflection:
        return _url("reflections.reflection", reflection_id=entry.id)
    return _url("reflections.write_up", write_up_id=entry.id)


def _entry_event_url(entry: Entry) -> str:
    if entry.on_community_series and entry.community is not None:
        # The members-only series event answers 404 to outsiders; its community's page does not.
        return _url(
            "communities.community",
            programme_slug=entry.programme.slug,
            community_slug=entry.community.slug,
        )
    return _url(
        "programmes.event", programme_slug=entry.programme.slug, event_slug=entry.event.slug
    )


def entry(item: Entry) -> dict[str, Any]:
    """The practice record's own JSON shape for an entry (reflections/exports.py)."""
    record = exports.entry_record(item, _entry_url, _entry_event_url)
    record["api_url"] = (
        _url("api.reflection", reflection_id=item.id)
        if item.is_reflection
        else _url("api.write_up", write_up_id=item.id)
    )
    return record


def registration(item: Registration) -> dict[str, Any]:
    target = item.event
    programme = target.programme
    confirmed = item.status == RegistrationStatus.CONFIRMED
    return {
        "id": item.id,
        "status": item.status.value,
        "waitlist_position": item.waitlist_position,
        "registered_at": item.created_at,
        "event": {
            "slug": target.slug,
            "title": target.title,
            "status": target.status.value,
            "programme": programme_ref(programme),
            "url": _url("programmes.event", programme_slug=programme.slug, event_slug=target.slug),
            "api_url": _url("api.event", programme_slug=programme.slug, event_slug=target.slug),
        },
        "sessions": [session(s, with_joining_url=confirmed) for s in target.sessions],
        "api_url": _url("api.registration", registration_id=item.id),
    }
