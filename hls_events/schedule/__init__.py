"""Scheduling helpers: the log of what changed in a published schedule, its page and Atom feed,
and the warnings about double-booked speakers, venues and online rooms."""
