"""Monica's values in our terms: special dates, stay-in-touch days, relationship types."""

from __future__ import annotations

from typing import Any

from ...schema.dates import parse_partial_date

# Monica's stay_in_touch_frequency is a number of days; ours is one of five steps.
FREQUENCY_DAYS = (
    ("weekly", 7),
    ("biweekly", 14),
    ("monthly", 30),
    ("quarterly", 91),
    ("yearly", 365),
)


def date_part(value: Any) -> str | None:
    """``2017-10-29T00:00:00Z`` / ``2017-10-29 00:00:00`` -> ``2017-10-29``."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    head = value[:10]
    return head if parse_partial_date(head) is not None else None


def special_date(value: Any) -> str | None:
    """A Monica special date (birthdate, deceased date, first met date) as a partial date:
    ``is_age_based`` -> the year only, ``is_year_unknown`` -> ``--MM-DD``, else exact."""
    if not isinstance(value, dict):
        return None
    day = date_part(value.get("date"))
    if day is None:
        return None
    if value.get("is_age_based"):
        return day[:4]
    if value.get("is_year_unknown"):
        return "--" + day[5:]
    return day


# Calendar steps span a few day counts: 30 days is "monthly", 90 "quarterly".
CALENDAR_SPANS = {"monthly": (28, 31), "quarterly": (89, 92), "yearly": (365, 366)}


def frequency(days: Any) -> tuple[str | None, bool]:
    """Our step nearest to Monica's number of days, and whether it is exact."""
    if not isinstance(days, int | float) or days <= 0:
        return None, True
    name, step = min(FREQUENCY_DAYS, key=lambda fs: abs(fs[1] - days))
    lo, hi = CALENDAR_SPANS.get(name, (step, step))
    return name, lo <= days <= hi


# Monica relationship type name (what the other person IS to this contact) -> our kind.
RELATIONSHIP_KINDS = {
    "partner": "partner", "date": "partner", "lover": "partner", "inlovewith": "partner",
    "lovedby": "partner", "spouse": "spouse", "husband": "spouse", "wife": "spouse",
    "parent": "parent", "father": "parent", "mother": "parent",
    "child": "child", "son": "child", "daughter": "child",
    "sibling": "sibling", "brother": "sibling", "sister": "sibling",
    "friend": "friend", "bestfriend": "friend",
    "colleague": "colleague", "boss": "manager", "subordinate": "report",
    "mentor": "mentor", "protege": "mentee",
    "grandparent": "relative", "grandchild": "relative", "uncle": "relative",
    "aunt": "relative", "nephew": "relative", "niece": "relative", "cousin": "relative",
    "godfather": "relative", "godmother": "relative", "godson": "relative",
    "goddaughter": "relative", "godparent": "relative", "godchild": "relative",
    "stepparent": "relative", "stepchild": "relative", "inlaw": "relative",
}  # fmt: skip


def relationship_kind(name: Any) -> str:
    key = str(name or "").replace("_", "").replace(" ", "").lower()
    return RELATIONSHIP_KINDS.get(key, "other")


LIFE_EVENT_WORDS = (
    ("job", "new_job"), ("moved", "moved"), ("move", "moved"), ("graduat", "graduation"),
    ("wedding", "wedding"), ("married", "wedding"), ("child", "new_child"),
    ("birth", "new_child"), ("death", "loss"), ("died", "loss"), ("loss", "loss"),
    ("anniversary", "anniversary"), ("birthday", "birthday"),
)  # fmt: skip


def life_event_kind(type_name: Any) -> str:
    text = str(type_name or "").lower()
    for word, kind in LIFE_EVENT_WORDS:
        if word in text:
            return kind
    return "milestone" if text else "other"


PET_SPECIES = ("dog", "cat", "bird", "fish", "rabbit", "rodent", "reptile", "horse")


def pet_species(name: Any) -> tuple[str, str | None]:
    text = str(name or "").strip().lower()
    if text in PET_SPECIES:
        return text, None
    return "other", (str(name).strip() or None) if name else None


def gender(value: Any) -> str | None:
    text = str(value or "").strip().lower()
    if not text:
        return None
    if text in ("male", "man", "m", "homme"):
        return "male"
    if text in ("female", "woman", "f", "femme"):
        return "female"
    if "rather not" in text or text in ("unknown", "unspecified"):
        return "unspecified"
    return "other"


def amount(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None
