"""``Frozen``: what makes a plain slotted class behave as a frozen dataclass.

A few records the first screen makes (``schema.dates.PartialDate``,
``domain.clock.LocalClock``) are plain slotted classes, because creating a dataclass
at import cost ~1 ms each on every start. They still refuse assignment as the frozen
dataclasses they replaced did, with the same error, from this one definition.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError  # dataclasses: already imported at start


class Frozen:
    """Refuses assignment and deletion after ``__init__`` (which sets its fields with
    ``object.__setattr__``), as ``@dataclass(frozen=True)`` does."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")
