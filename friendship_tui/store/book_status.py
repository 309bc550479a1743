"""A backend's connection state, as the header shows it (``Backend.status``).

Apart from the other records (backend_records.py, which hands it out too): the app
reads a local book's status as it starts, and needs no other record class for that.
"""

from __future__ import annotations

from typing import Any


class Status:
    """Connection state for the header: "local", "online", "offline", "syncing".

    A plain slotted class that behaves as the dataclass it was (keyword or positional
    arguments, equality, repr, unhashable): the app's header reads a status before the
    first frame, and creating that dataclass cost ~0.5 ms.
    """

    __slots__ = ("conflicts", "detail", "extra", "last_sync", "pending", "state")
    __match_args__ = ("state", "pending", "conflicts", "last_sync", "detail", "extra")
    __hash__ = None  # type: ignore[assignment]  # mutable, as a dataclass with eq

    def __init__(
        self,
        state: str = "local",
        pending: int = 0,
        conflicts: int = 0,
        last_sync: str | None = None,
        detail: str = "",
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.state = state
        self.pending = pending
        self.conflicts = conflicts
        self.last_sync = last_sync
        self.detail = detail
        self.extra: dict[str, Any] = {} if extra is None else extra

    def _values(self) -> tuple[Any, ...]:
        return (self.state, self.pending, self.conflicts, self.last_sync, self.detail, self.extra)

    def __repr__(self) -> str:
        pairs = zip(self.__match_args__, self._values(), strict=True)
        fields = ", ".join(f"{name}={value!r}" for name, value in pairs)
        return f"{type(self).__qualname__}({fields})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()
