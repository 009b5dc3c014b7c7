"""The organiser area: building programmes, their events and sessions."""
