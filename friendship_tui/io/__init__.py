"""Import and export: JSON backups, CSV per type, vCard and iCalendar.

Every reader and writer talks to a ``store.base.Backend`` (plus the local store's bulk
paths when it has them), so the same code serves a local, remote or sync profile.
"""
