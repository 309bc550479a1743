"""Moving in from Monica: read its REST API (or a saved dump of it), map every object to
ours, and report what had no home."""
