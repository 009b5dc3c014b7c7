"""Calendar feeds (iCalendar): a programme's, an event's, and each person's private one; the
links that add them to calendar apps; and the entry that confirmation emails attach.

``ical.py`` builds the documents and imports no Flask, so routes and emails share it.
"""
