"""The links that put a feed or one session into someone's calendar app. No Flask here.

Each app wants something different:

- Apple Calendar and desktop Outlook open ``webcal://`` links as subscriptions.
- Google Calendar subscribes through ``calendar.google.com/calendar/r?cid=webcal://...``.
- Outlook on the web subscribes from the plain https address (its "add from web" page takes it
  as ``url``); Outlook.com and Microsoft 365 accounts live on different hosts.
- A single session goes in through each web app's "new event" form, pre-filled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/r"
GOOGLE_NEW_EVENT = "https://calendar.google.com/calendar/render"
OUTLOOK_HOSTS = {
    "outlook": "https://outlook.live.com",
    "outlook_work": "https://outlook.office.com",
}


@dataclass(frozen=True)
class FeedLinks:
    name: str
    https_url: str
    webcal_url: str
    google_url: str
    outlook_url: str
    outlook_work_url: str
    download_url: str


@dataclass(frozen=True)
class AddToCalendarLinks:
    google_url: str
    outlook_url: str
    outlook_work_url: str


def webcal(url: str) -> str:
    """The same address with the webcal scheme, which calendar apps open as a subscription."""
    parts = urlsplit(url)
    return urlunsplit(("webcal", *parts[1:]))


# Both are pure, and an event page asks for the same links each time it is built: written once
# per worker for each set of arguments.
@lru_cache(maxsize=1024)
def feed_links(name: str, feed_url: str, download_url: str) -> FeedLinks:
    webcal_url = webcal(feed_url)
    return FeedLinks(
        name=name,
        https_url=feed_url,
        webcal_url=webcal_url,
        google_url=f"{GOOGLE_SUBSCRIBE}?cid={quote(webcal_url, safe=':/')}",
        outlook_url=_outlook_subscribe(OUTLOOK_HOSTS["outlook"], feed_url, name),
        outlook_work_url=_outlook_subscribe(OUTLOOK_HOSTS["outlook_work"], feed_url, name),
        download_url=download_url,
    )


def _outlook_subscribe(host: str, feed_url: str, name: str) -> str:
    return f"{host}/calendar/0/addfromweb?" + urlencode({"url": feed_url, "name": name})


@lru_cache(maxsize=1024)
def add_to_calendar_links(
    *,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    details: str,
    location: str,
    timezone: str,
) -> AddToCalendarLinks:
    google = urlencode(
        {
            "action": "TEMPLATE",
            "text": title,
            "dates": f"{_basic_utc(starts_at)}/{_basic_utc(ends_at)}",
            "details": details,
            "location": location,
            "ctz": timezone,
        }
    )
    return AddToCalendarLinks(
        google_url=f"{GOOGLE_NEW_EVENT}?{google}",
        outlook_url=_outlook_compose(
            OUTLOOK_HOSTS["outlook"], title, starts_at, ends_at, details, location
        ),
        outlook_work_url=_outlook_compose(
            OUTLOOK_HOSTS["outlook_work"], title, starts_at, ends_at, details, location
        ),
    )


def _outlook_compose(
    host: str, title: str, starts_at: datetime, ends_at: datetime, details: str, location: str
) -> str:
    query = urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": title,
            "startdt": _extended_utc(starts_at),
            "enddt": _extended_utc(ends_at),
            "body": details,
            "location": location,
        }
    )
    return f"{host}/calendar/0/action/compose?{query}"


def _basic_utc(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _extended_utc(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
