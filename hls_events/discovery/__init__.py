"""What others read of the site: schema.org data and Open Graph on event pages, robots.txt and
the sitemap. Only what everyone may see; never a draft or a private thing."""
