"""Pure rules on plain objects (clock injected): dates, stay-in-touch, the agenda."""
