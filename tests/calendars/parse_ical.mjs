// Parse an iCalendar document from stdin with Mozilla's ical.js (the parser inside Thunderbird)
// and print, as JSON, each VEVENT's UID, SEQUENCE, STATUS and its start and end as UTC instants.
//
// Every VTIMEZONE in the document is registered first, as a calendar client does, so that the
// instants printed are the ones ical.js works out from our VTIMEZONE, not from any built-in
// table. A TZID with no VTIMEZONE would silently become floating (local) time in ical.js, so it
// is reported as an error instead.
//
// Usage: node tests/calendars/parse_ical.mjs < feed.ics

import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(0, "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));

ICAL.TimezoneService.reset();
const registered = new Set();
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  const zone = new ICAL.Timezone(vtimezone);
  ICAL.TimezoneService.register(zone);
  registered.add(zone.tzid);
}

function instant(property) {
  if (!property) {
    return null;
  }
  const tzid = property.getParameter("tzid");
  if (tzid && !registered.has(tzid)) {
    throw new Error(`TZID ${tzid} has no VTIMEZONE in the document`);
  }
  const time = property.getFirstValue();
  if (!tzid && !time.isDate && time.zone !== ICAL.Timezone.utcTimezone) {
    throw new Error(`floating time ${time.toString()} in ${property.name}`);
  }
  return time.toJSDate().toISOString();
}

const events = calendar.getAllSubcomponents("vevent").map((vevent) => ({
  uid: vevent.getFirstPropertyValue("uid"),
  sequence: vevent.getFirstPropertyValue("sequence"),
  status: vevent.getFirstPropertyValue("status"),
  summary: vevent.getFirstPropertyValue("summary"),
  start: instant(vevent.getFirstProperty("dtstart")),
  end: instant(vevent.getFirstProperty("dtend")),
}));

process.stdout.write(
  JSON.stringify({
    name: calendar.getFirstPropertyValue("x-wr-calname"),
    method: calendar.getFirstPropertyValue("method"),
    timezones: [...registered],
    events,
  }),
);
