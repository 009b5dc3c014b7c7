"""The site admin: every programme, and the site's own pages."""
