"""The site's own pages, such as the privacy notice and accessibility statement, kept by the admin."""
