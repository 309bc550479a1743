"""The 11 models of API.md, declared once.

Contact follows seeds/contact-model.md (29 fields); conversation follows
seeds/001 (the documented page); the other nine follow API.md's table.
"""

from __future__ import annotations

from .fields import FREQUENCY_STEPS, DateKind, Field, FieldType, Model, Mutability

S, E, N, B, U, T = (
    FieldType.STRING,
    FieldType.ENUM,
    FieldType.NUMBER,
    FieldType.BOOL,
    FieldType.URL,
    FieldType.TAGS,
)

# Number ranges [ours]. Each bound is far beyond any real value and well inside what a
# double holds exactly (2**53), so an accepted number reads back, exports and syncs as
# the same number on SQLite, PostgreSQL and JSON alike.
MINUTES_A_YEAR = 525_600  # a conversation longer than a year is a typo
PRICE_MAX = 1e12
POSITION_MAX = 1e12

# The stay-in-touch frequencies (fields.py: the domain reads them without the models).
FREQUENCIES = ("never", *FREQUENCY_STEPS)
CONVERSATION_CHANNELS = (
    "call", "sms", "whatsapp", "email", "in_person", "video", "voice", "letter", "other",
)  # fmt: skip
RELATIONSHIP_KINDS = (
    "partner", "spouse", "parent", "child", "sibling", "friend", "colleague",
    "manager", "report", "mentor", "mentee", "relative", "other",
)  # fmt: skip
LIFE_EVENT_KINDS = (
    "birthday", "anniversary", "new_job", "moved", "graduation", "wedding",
    "new_child", "loss", "milestone", "other",
)  # fmt: skip
PET_SPECIES = ("dog", "cat", "bird", "fish", "rabbit", "rodent", "reptile", "horse", "other")


CONTACT_FILTERS = (
    "name", "email", "company", "city", "country", "gender", "favorite", "tags",
    "stay_in_touch_frequency", "status", "is_archived", "owned_by",
)  # fmt: skip


def parent_ref() -> Field:
    return Field(
        "parent_id",
        S,
        max_length=64,
        required=True,
        mutability=Mutability.CREATE_ONLY,
        ref="contact",
        help="The contact this belongs to.",
        title="Contact",
    )


CONTACT = Model(
    name="contact",
    title="Contacts",
    description=(
        "A person you keep in touch with: identity, context and lifecycle fields. "
        "The parent of every other model but journal_entry."
    ),
    fields=(
        Field("name", S, 200, required=True, help="Full name."),
        Field("nickname", S, 120),
        Field("pronouns", S, 32),
        Field("gender", E, choices=("male", "female", "other", "unspecified")),
        Field("email", S, 320),
        Field("secondary_email", S, 320),
        Field("phone", S, 64),
        Field("secondary_phone", S, 64),
        Field("company", S, 200),
        Field("job_title", S, 200),
        Field("address_line", S, 200),
        Field("city", S, 120),
        Field("country", S, 120),
        Field("website", U),
        Field("linkedin", U),
        Field("twitter", U),
        Field("birthday", S, 32, date=DateKind.PARTIAL),  # shapes: the rule (describe.py)
        Field("anniversary", S, 32, date=DateKind.PARTIAL),
        Field(
            "last_contacted_at",
            S,
            32,
            date=DateKind.TIMESTAMP,
            help="Moved forward by logging a conversation or an activity.",
        ),
        Field(
            "stay_in_touch_frequency",
            E,
            choices=FREQUENCIES,
            help="How often you want to be in touch.",
        ),
        Field("stay_in_touch_topic", S, 400),
        Field("how_we_met", S, 1000),
        Field("food_prefs", S, 600),
        Field("allergies", S, 600),
        Field("notes", S, 8000),
        Field("tags", T),
        Field("favorite", B),
        Field("color", S, 24),
        Field("avatar_blob_id", S, 64),
    ),
    default_sort="name",
    explicit_filters=CONTACT_FILTERS,
    explicit_sorts=("name", "created_at", "updated_at", "last_contacted_at", "birthday"),
)

ACTIVITY = Model(
    name="activity",
    title="Activities",
    description="A logged interaction with a contact (meeting, call, email, message, event).",
    fields=(
        parent_ref(),
        Field("kind", E, choices=("meeting", "call", "email", "message", "event", "other")),
        Field("title", S, 200),
        Field("description", S, 8000),
        Field("occurred_at", S, 32, date=DateKind.TIMESTAMP),
        Field("location", S, 200),
    ),
    default_sort="-occurred_at",
    display_field="title",
)

CONVERSATION = Model(
    name="conversation",
    title="Conversations",
    description=(
        "A single call / sms / video / in-person check-in. Logging one bumps the "
        "contact's last_contacted_at."
    ),
    fields=(
        Field("channel", E, choices=CONVERSATION_CHANNELS),
        Field("content", S, 8000),
        Field("summary", S, 400),
        parent_ref(),
        Field("sentiment", E, choices=("positive", "neutral", "negative")),
        Field(
            "occurred_at",
            S,
            32,
            date=DateKind.TIMESTAMP,
            help="When it happened (ISO 8601); now if unset.",
        ),
        Field("duration_minutes", N, minimum=0, maximum=MINUTES_A_YEAR),
    ),
    default_sort="occurred_at",
    explicit_filters=("parent_id", "channel", "sentiment", "status", "is_archived", "owned_by"),
    explicit_sorts=("created_at", "occurred_at"),
    display_field="summary",
)

CUSTOM_FIELD = Model(
    name="custom_field",
    title="Custom fields",
    description="An arbitrary label/value on a contact; kind picks how value is read.",
    fields=(
        parent_ref(),
        Field("label", S, 120, required=True),
        Field("value", S, 2000, help="Stored as text; must parse as the kind."),
        Field("kind", E, choices=("text", "number", "date", "url", "bool")),
        Field("position", N, minimum=-POSITION_MAX, maximum=POSITION_MAX),
    ),
    default_sort="position",
    display_field="label",
)

GIFT = Model(
    name="gift",
    title="Gifts",
    description="A gift idea, given or received; status drives the lane.",
    fields=(
        parent_ref(),
        Field("title", S, 200, required=True),
        Field("status", E, choices=("idea", "given", "received")),
        Field("occasion", S, 120),
        Field("notes", S, 2000),
        Field("url", U),
        Field("price", N, minimum=0, maximum=PRICE_MAX),
        Field("currency", S, 8),
        Field("date", S, 32, date=DateKind.PARTIAL),
    ),
    default_sort="-created_at",
    display_field="title",
)

JOURNAL_ENTRY = Model(
    name="journal_entry",
    title="Journal",
    description="A standalone diary entry, not tied to any contact.",
    fields=(
        Field("title", S, 200, required=True),
        Field("body", S, 20000),
        Field("mood", E, choices=("great", "good", "okay", "bad", "awful")),
        Field("tags", T),
        Field("entry_date", S, 32, date=DateKind.TIMESTAMP),
    ),
    default_sort="-entry_date",
    extra_filters=("tags",),
    display_field="title",
)

LIFE_EVENT = Model(
    name="life_event",
    title="Life events",
    description="A significant moment; recurring ones show on the dashboard every year.",
    fields=(
        parent_ref(),
        Field("kind", E, choices=LIFE_EVENT_KINDS),
        Field("title", S, 200, required=True),
        Field("occurred_at", S, 32, date=DateKind.PARTIAL),
        Field("recurring", B),
        Field("description", S, 2000),
        Field("location", S, 200),
    ),
    default_sort="-occurred_at",
    display_field="title",
)

NOTE = Model(
    name="note",
    title="Notes",
    description="A free-form note on a contact; pinned ones come first.",
    fields=(
        parent_ref(),
        Field("body", S, 8000, required=True),
        Field("pinned", B),
    ),
    default_sort="-created_at",
    display_field="body",
)

PET = Model(
    name="pet",
    title="Pets",
    description="An animal companion of the contact.",
    fields=(
        parent_ref(),
        Field("name", S, 120, required=True),
        Field("species", E, choices=PET_SPECIES),
        Field("species_other", S, 120),
        Field("breed", S, 120),
        Field("born_at", S, 32, date=DateKind.PARTIAL),
        Field("colour", S, 60),
        Field("notes", S, 2000),
    ),
    default_sort="name",
)

RELATIONSHIP = Model(
    name="relationship",
    title="Relationships",
    description="A link between two contacts, mirrored on the target with the inverse kind.",
    fields=(
        parent_ref(),
        Field(
            "target_id",
            S,
            64,
            required=True,
            mutability=Mutability.CREATE_ONLY,
            ref="contact",
            help="The other contact.",
            title="Other contact",
        ),
        Field("kind", E, choices=RELATIONSHIP_KINDS),
        Field("label", S, 120),
        Field("since", S, 32, date=DateKind.PARTIAL),
        Field("notes", S, 2000),
    ),
    default_sort="-created_at",
    extra_filters=("target_id",),
    display_field="kind",
)

REMINDER = Model(
    name="reminder",
    title="Reminders",
    description="A one-shot follow-up: a due date, a message and a completed flag.",
    fields=(
        parent_ref(),
        Field("due_date", S, 32, required=True, date=DateKind.FULL),
        Field("message", S, 400, required=True),
        Field("completed", B),
    ),
    default_sort="due_date",
    display_field="message",
)

MODELS: dict[str, Model] = {
    m.name: m
    for m in (
        CONTACT,
        ACTIVITY,
        CONVERSATION,
        CUSTOM_FIELD,
        GIFT,
        JOURNAL_ENTRY,
        LIFE_EVENT,
        NOTE,
        PET,
        RELATIONSHIP,
        REMINDER,
    )
}

CHILD_TYPES: tuple[str, ...] = tuple(n for n, m in MODELS.items() if m.parent == "contact")

# Server-managed fields every object carries on the wire (API.md "Objects on the wire").
SERVER_FIELDS: tuple[str, ...] = (
    "id",
    "created_at",
    "updated_at",
    "owned_by",
    "status",
    "is_archived",
)


def get_model(name: str) -> Model:
    """The model called ``name``; KeyError names the known ones."""
    try:
        return MODELS[name]
    except KeyError:
        raise KeyError(f"unknown type {name!r}; known: {', '.join(MODELS)}") from None
