"""The calendar feed: secret tokens, a small server, static publishing, CalDAV sync."""
