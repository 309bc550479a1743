"""What an import did: counts, every skipped record with its reason, unmapped data.

Every object of the file ends up in exactly one of created / updated / unchanged (it
was there already, e.g. made by an earlier run of the same import) / failed (a server
refused it; only where the backend is not atomic), on every backend.

Readers never print; they fill an ``ImportReport`` and the CLI shows it (text or JSON),
so a cron job and a test see the same facts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Skipped:
    where: str  # "card 3 (Ann Smith)", "line 12"
    reason: str


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A record that failed validation: its line (or index) and each bad field's reason."""

    line: int
    fields: dict[str, str]
    where: str = ""  # overrides "line N" (e.g. "contact[3]" in a JSON backup)

    def text(self) -> str:
        reasons = "; ".join(f"{k}: {v}" for k, v in self.fields.items())
        return f"{self.where or f'line {self.line}'}: {reasons}"

    def to_json(self) -> dict[str, object]:
        return {
            "line": self.line,
            "where": self.where or f"line {self.line}",
            "fields": self.fields,
        }


class RecordsRejected(Exception):
    """Some records are invalid, so nothing was written; ``problems`` names every one."""

    def __init__(self, problems: list[RowProblem], what: str = "rows") -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} invalid {what}; nothing was imported")


@dataclass(slots=True)
class ImportReport:
    type: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list[Skipped] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unmapped: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    created_by_type: Counter[str] = field(default_factory=Counter)
    made: set[str] = field(default_factory=set)  # keys of the writes created (not shown)

    def fail(self, where: str, reason: str) -> None:
        self.failed += 1
        self.failures.append(Skipped(where, reason))

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "failures": [{"where": s.where, "reason": s.reason} for s in self.failures],
            "created_by_type": dict(sorted(self.created_by_type.items())),
            "skipped": [{"where": s.where, "reason": s.reason} for s in self.skipped],
            "unmapped": dict(sorted(self.unmapped.items())),
            "notes": list(self.notes),
        }

    def lines(self) -> list[str]:
        head = (
            f"Imported {self.type or 'objects'}: {self.created} created, {self.updated} "
            f"updated, {self.unchanged} unchanged, {self.failed} failed"
        )
        if self.skipped:
            head += f", {len(self.skipped)} skipped"
        out = [head]
        if len(self.created_by_type) > 1:
            out.append(
                "  by type: "
                + ", ".join(f"{k} {v}" for k, v in sorted(self.created_by_type.items()))
            )
        for s in self.skipped:
            out.append(f"  skipped {s.where}: {s.reason}")
        for s in self.failures:
            out.append(f"  failed {s.where}: {s.reason}")
        if self.unmapped:
            out.append(
                "  not imported (no matching field): "
                + ", ".join(f"{k} ×{v}" for k, v in sorted(self.unmapped.items()))
            )
        out += [f"  {n}" for n in self.notes]
        return out
