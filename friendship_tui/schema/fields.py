"""The records the model declarations are written in (the words they use: kinds.py).

Every other layer (tables, routes, forms, CLI flags, docs) reads these objects, so a
field's rules are written exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field

from .field_kinds import FieldType, Mutability
from .kinds import (
    DATE_YEAR_MAX,
    DATE_YEAR_MIN,
    FREQUENCY_STEPS,
    TAG_MAX_LEN,
    TAGS_MAX_COUNT,
    URL_MAX,
    DateKind,
)

__all__ = [
    "DATE_YEAR_MAX",
    "DATE_YEAR_MIN",
    "FREQUENCY_STEPS",
    "TAGS_MAX_COUNT",
    "TAG_MAX_LEN",
    "URL_MAX",
    "DateKind",
    "Field",
    "FieldType",
    "Model",
    "Mutability",
]


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a model as declared: its type and every rule checked against it."""

    name: str
    type: FieldType
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    required: bool = False
    mutability: Mutability = Mutability.PATCHABLE
    ref: str | None = None  # model this field references (always "contact" here)
    date: DateKind | None = None
    minimum: float | None = None
    maximum: float | None = None  # numbers: every one has a declared range (both ends)
    help: str = ""
    title: str = ""  # what people call the field, when its name says it badly

    @property
    def creatable(self) -> bool:
        return self.mutability is not Mutability.SERVER

    @property
    def patchable(self) -> bool:
        return self.mutability is Mutability.PATCHABLE

    @property
    def is_text(self) -> bool:
        """Free text worth indexing for search (not ids, not dates, not enums)."""
        return (
            self.type in (FieldType.STRING, FieldType.TAGS)
            and self.ref is None
            and self.date is None
        )

    @property
    def year_range(self) -> tuple[int, int] | None:
        """The years a date-like field may hold; None for other fields."""
        return (DATE_YEAR_MIN, DATE_YEAR_MAX) if self.date is not None else None

    @property
    def label(self) -> str:
        return self.title or self.name.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class Model:
    """One of the models, declared once: its fields and what lists filter and sort by."""

    name: str
    title: str  # plural, for humans: "Life events"
    description: str
    fields: tuple[Field, ...]
    default_sort: str
    extra_filters: tuple[str, ...] = ()  # beyond the derived ones (contact's are explicit)
    explicit_filters: tuple[str, ...] | None = None
    explicit_sorts: tuple[str, ...] | None = None
    max_page_size: int = 200
    default_page_size: int = 20
    display_field: str = "name"  # the field a row is named by in lists and messages
    _by_name: dict[str, Field] = dc_field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update({f.name: f for f in self.fields})

    def field(self, name: str) -> Field:
        return self._by_name[name]

    def has_field(self, name: str) -> bool:
        return name in self._by_name

    @property
    def parent(self) -> str | None:
        """The model this one hangs off through ``parent_id`` (None for roots)."""
        return self._by_name["parent_id"].ref if "parent_id" in self._by_name else None

    @property
    def ref_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.ref is not None)

    @property
    def text_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.is_text)

    @property
    def date_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.date is not None)

    @property
    def filter_keys(self) -> tuple[str, ...]:
        if self.explicit_filters is not None:
            return self.explicit_filters
        keys: list[str] = []
        if self.parent:
            keys.append("parent_id")
        keys += [f.name for f in self.fields if f.type in (FieldType.ENUM, FieldType.BOOL)]
        keys += list(self.extra_filters)
        keys += ["status", "is_archived", "owned_by"]
        return tuple(dict.fromkeys(keys))

    @property
    def sort_keys(self) -> tuple[str, ...]:
        if self.explicit_sorts is not None:
            return self.explicit_sorts
        keys = ["created_at", "updated_at"] + [f.name for f in self.date_fields]
        keys.append(self.default_sort.lstrip("-"))
        return tuple(dict.fromkeys(keys))
