"""What the site's own pages say until the admin writes their own.

Plain Markdown, so that the admin can start from this text when they edit a page.
"""

from __future__ import annotations

PRIVACY_TITLE = "Privacy notice"
PRIVACY_BODY = """\
This notice explains what personal information HLS Events holds about you, why, who can see it,
and what you can do about it. It is written for everyone who uses this site: people who register
for events, speakers, hosts and organisers.

## Who is responsible for your information

The organisation that runs this site is the data controller for the information on it. The
organisers of each programme are responsible for how they use the information about their
programme's events. If you have a question about your information, contact the organisers of the
programme, or the people who run this site.

## What we hold and why

### Your account

Your name, your email address, a scrambled form of your password (we cannot read it), when you
confirmed your email address and when you last signed in. We use these to let you sign in, to
send you what you asked for, and to keep the site secure.

### Your registrations

The events you register for, whether your place is confirmed or on a waiting list, whether you
attended, and the answers you give when you register. If you tell us about access needs (for
example captions, a British Sign Language interpreter or step-free access), only the organisers
of that programme and the hosts of that event can see them, and only so that they can make the
event work for you.

### Your reflections

What you write after an event. You choose who can see each reflection (for example only the
programme's organisers, the event's hosts and speakers too, or everyone) and whether your name
appears with it. We show it only as you chose.

### Speaker profiles

If you speak at or host an event, the name, job title, organisation and biography on your speaker
profile are public, because they appear beside the event.

### Emails

We send you emails about your account and the events you register for: confirmations, calendar
invitations, reminders and changes. Each email is kept in our outgoing mail queue so that it is
sent even if the email system is briefly unavailable, and so that we can tell whether it was
delivered.

### Cookies

We use one cookie to keep you signed in and to protect forms from being sent from other sites.
We do not use cookies for advertising or tracking, and we do not use analytics services.

## Who can see your information

- Organisers of a programme see the registrations for its events, including access needs.
- Hosts see the registrations for the events of their own organisation, including access needs.
- Speakers and other attendees do not see who else has registered.
- Everyone can see published events, speaker profiles and the reflections their authors chose
  to make public.

We do not sell your information or share it for marketing.

## How long we keep it

We keep your account until you delete it. We keep registrations and reflections for as long as
the programme's record is kept, unless you delete them or your account, except that:

- access needs you told us about are erased {access_needs} after the event ends;
- what our emails to you said is erased {email_bodies} after they were sent (we keep who each
  email went to, what kind of email it was and when it was sent);
- if you registered without an account (by typing your email address) and never signed in, your
  registrations are made anonymous {guest_registrations} after the events: the counts stay, your
  name, email address and answers go;
- an account whose email address was never confirmed, and that holds nothing else, is deleted
  after {unconfirmed_accounts}.

## Your rights

Under the UK General Data Protection Regulation (UK GDPR) you have the right to:

- see the information we hold about you, and get a copy of it;
- have it corrected if it is wrong;
- have it deleted;
- object to how we use it, or ask us to limit it;
- withdraw any consent you have given, at any time.

You can download a copy of your information, and delete your account, from your account page.

If you are unhappy with how your information has been handled, please tell us first. You also
have the right to complain to the Information Commissioner's Office (ICO):
[ico.org.uk/make-a-complaint](https://ico.org.uk/make-a-complaint/).
"""

ACCESSIBILITY_TITLE = "Accessibility statement"
ACCESSIBILITY_BODY = """\
We want as many people as possible to be able to use HLS Events. This statement explains how
accessible the site is, what we know does not work yet, and how to tell us about a problem.

## Our aim

We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. That means
you should be able to:

- use the whole site with a keyboard alone;
- use the site with a screen reader, screen magnifier or speech recognition software;
- zoom in up to 400% without text spilling off the screen;
- change colours, contrast and fonts in your browser;
- use the site without JavaScript.

## How we check

Every kind of page is checked automatically against the WCAG 2.2 A and AA rules each time the site
changes, and we test forms and journeys with a keyboard. Automatic checks cannot find every
problem, so we also welcome reports from the people who use the site.

## What we know is not accessible yet

- Documents that hosts link to, such as slides and recordings, are provided by them and may not
  be accessible. Ask the event's host for another format.
- Calendar invitations look different in each calendar program; the same details are always on
  the event's page.

## Events themselves

Each event page lists its access arrangements, such as captions, British Sign Language
interpretation or step-free access. When you register you can tell the organisers and hosts what
you need; only they can see it.

## Tell us about a problem

If you find something on this site hard to use, or you need information in a different format,
contact the organisers of the programme, or the people who run this site. Tell us the web address
of the page and what went wrong. We will reply within 5 working days.

## Enforcement

If you contact us and are not happy with our response, you can contact the Equality Advisory and
Support Service (EASS): [equalityadvisoryservice.com](https://www.equalityadvisoryservice.com/).
"""

# The privacy page's retention periods, filled in from the settings when the page is shown
# (see page_content in services.py and hls_events/retention.py).
RETENTION_PLACEHOLDERS = (
    "access_needs",
    "email_bodies",
    "guest_registrations",
    "unconfirmed_accounts",
)

DEFAULT_PAGES: dict[str, tuple[str, str]] = {
    "privacy": (PRIVACY_TITLE, PRIVACY_BODY),
    "accessibility": (ACCESSIBILITY_TITLE, ACCESSIBILITY_BODY),
}
