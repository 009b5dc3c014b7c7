"""Learning communities: membership, meetings, attendance, and the pages and feeds for them."""
