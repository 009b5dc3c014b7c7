"""Registering for events: places, the waiting list, cancelling, reminders, and the organiser's
list of who is coming."""
