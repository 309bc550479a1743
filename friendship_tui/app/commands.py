"""The command palette (ctrl+p): every bound action of the current screen and the app,
plus "Open contact: …" hits from a backend search."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .keymap import key_groups, key_label

if TYPE_CHECKING:
    from .app import FriendshipApp

SCREEN_SCOPES = {
    "ContactsScreen": "Contacts",
    "DashboardScreen": "Dashboard",
    "JournalScreen": "Journal",
    "CheckinScreen": "Check-in review",
}


# How the palette says where a command works, after its key ("d · on every screen").
SCOPE_WORDS = {
    "Everywhere": "on every screen",
    "Contacts": "contacts screen",
    "Dashboard": "dashboard",
    "Journal": "journal",
}


def scoped_entries(scope: str) -> list[tuple[str, str, str]]:
    """(description, help, action) of ``scope``'s keys: the help names the key to
    press next time and where it works, not just the scope's title."""
    where = SCOPE_WORDS.get(scope, scope.lower())
    return [
        (b.description, f"key {key_label(b.key)} · {where}", b.action)
        for title, bindings in key_groups()
        if title == scope
        for b in bindings
        if b.description
    ]


class ActionsProvider(Provider):
    """Every action with a description, for the screen the palette was opened on."""

    def _entries(self) -> list[tuple[str, str, object]]:
        app = cast("FriendshipApp", self.app)
        screen = self.screen
        scope = SCREEN_SCOPES.get(type(screen).__name__)
        out: list[tuple[str, str, object]] = []
        for description, help_text, action in scoped_entries("Everywhere"):
            out.append((description, help_text, partial(app.run_action, action)))
        if scope is not None:
            for description, help_text, action in scoped_entries(scope):
                out.append((description, help_text, partial(screen.run_action, action)))
            if scope == "Contacts":
                from ..schema import CHILD_TYPES  # the palette's, not the first screen's

                for type_ in CHILD_TYPES:
                    label = f"New {type_.replace('_', ' ')} for this contact"
                    out.append(
                        (
                            label,
                            "the contact shown on the contacts screen",
                            partial(screen.run_action, f"new_child('{type_}')"),
                        )
                    )
        seen: set[str] = set()
        unique = []
        for name, help_text, callback in out:
            if name not in seen:
                seen.add(name)
                unique.append((name, help_text, callback))
        return unique

    async def discover(self) -> Hits:
        for name, help_text, callback in self._entries():
            yield DiscoveryHit(name, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)  # type: ignore[arg-type]


class ContactsProvider(Provider):
    """ "Open contact: Ann Lee" for contacts matching what was typed (backend search)."""

    async def search(self, query: str) -> Hits:
        text = query.strip()
        if len(text) < 2:
            return
        app = cast("FriendshipApp", self.app)
        from ..schema import ListQuery

        try:
            page = await app.backend.list("contact", ListQuery(q=text, limit=10))
        except Exception:  # a failing search must not break the palette
            return
        matcher = self.matcher(query)
        for contact in page.items:
            name = f"Open contact: {contact.get('name')}"
            yield Hit(
                max(matcher.match(name), 0.5),
                matcher.highlight(name),
                partial(app.show_contact, str(contact["id"])),
                text=name,
                help=str(contact.get("company") or contact.get("email") or ""),
            )
