"""Every key of the app, gathered from the BINDINGS of the classes that declare them.

The help screen and the command palette both read this, so a new binding shows up in
both without anyone listing it twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.binding import Binding

# Where a binding works, and the class that declares it (imported lazily: no cycles).
SCOPES: tuple[tuple[str, str], ...] = (
    ("Everywhere", "friendship_tui.app.app:FriendshipApp"),
    ("Contacts", "friendship_tui.app.screens.contacts:ContactsScreen"),
    ("Contact list", "friendship_tui.app.widgets.contact_list:ContactList"),
    ("Dashboard", "friendship_tui.app.screens.dashboard:DashboardScreen"),
    ("Journal", "friendship_tui.app.screens.journal:JournalScreen"),
    ("Forms", "friendship_tui.app.screens.form:FormScreen"),
    ("Confirmations", "friendship_tui.app.screens.confirm:ConfirmScreen"),
    ("Check-in review", "friendship_tui.app.screens.checkin:CheckinScreen"),
    ("Snooze", "friendship_tui.app.screens.snooze:SnoozeScreen"),
    ("Follow-up", "friendship_tui.app.screens.follow_up:FollowUpScreen"),
)


def load_class(path: str) -> Any:
    """The class at ``module:Name``, importing its module now (screens load lazily)."""
    import importlib

    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def bindings_of(cls: Any) -> list[Binding]:
    out = []
    for b in getattr(cls, "BINDINGS", []):
        if isinstance(b, Binding):
            out.append(b)
        else:
            key, action, *rest = b
            out.append(Binding(key, action, rest[0] if rest else ""))
    return out


def key_groups() -> list[tuple[str, list[Binding]]]:
    """(scope title, bindings) for every scope, bindings with the same action merged.

    A binding's tooltip, when it has one, is its full name: the footer shows the short
    description (room at 80 columns), help and the palette the full one.
    """
    groups = []
    for title, path in SCOPES:
        merged: dict[str, Binding] = {}
        keys: dict[str, list[str]] = {}
        for b in bindings_of(load_class(path)):
            merged.setdefault(b.action, b)
            keys.setdefault(b.action, []).append(b.key)
        groups.append(
            (
                title,
                [
                    Binding(",".join(keys[a]), a, b.tooltip or b.description)
                    for a, b in merged.items()
                ],
            )
        )
    return groups


def key_label(keys: str) -> str:
    """ "slash" -> "/", "ctrl+n" -> "ctrl+n", "question_mark" -> "?"."""
    names = {
        "slash": "/",
        "question_mark": "?",
        "plus": "+",
        "asterisk": "*",
        "delete": "del",
        "escape": "esc",
    }
    return " / ".join(names.get(k, k) for k in keys.split(","))


def palette_entries(scopes: Iterable[str]) -> list[tuple[str, str, str]]:
    """(scope, description, action) for the bindings of ``scopes``, for the palette."""
    wanted = set(scopes)
    out = []
    for title, bindings in key_groups():
        if title in wanted:
            out += [(title, b.description, b.action) for b in bindings if b.description]
    return out


def binding_id(scope: str, action: str) -> str:
    """The id a key override names: "everywhere.undo", "contacts.new_child_note",
    "dashboard.snooze" (scope and action, lower case, punctuation as "_")."""
    import re

    slug = re.sub(r"\W+", "-", scope.lower()).strip("-")
    name = re.sub(r"\W+", "_", action.replace("(-", "(minus_")).strip("_")
    return f"{slug}.{name}"


def assign_binding_ids() -> list[str]:
    """Give every binding of every scope its ``binding_id`` (once), so Textual's keymap
    (``App.set_keymap``) can rebind it from the settings file. Returns the ids."""
    from dataclasses import replace

    ids: list[str] = []
    for title, path in SCOPES:
        cls = load_class(path)
        bound = []
        for b in bindings_of(cls):
            if b.id is None:
                b = replace(b, id=binding_id(title, b.action))
            bound.append(b)
            ids.append(str(b.id))
        if bound != list(getattr(cls, "BINDINGS", [])):
            cls.BINDINGS = bound
            cls._merged_bindings = cls._merge_bindings()
    return ids
