"""A click group that imports a subcommand's module only when that command runs.

``friendship --version`` and ``friendship contact list`` used to import every
subcommand module at start (the server's FastAPI and uvicorn, httpx, the sync engine),
about a third of a second before any work. Here each command name maps to the module
that registers it; the module is imported the first time the name is looked up.

A module exposes ``register(group)`` and may register several commands (the data
commands register one group per model). Names not in the table (the per-model groups,
whose names come from the schema) are looked up in the fallback module first, then in
every other module, so a module added with its name missing still works, only slower.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping, Sequence

import click


class LazyGroup(click.Group):
    """``commands`` name -> module; ``fallback`` modules define names not listed there."""

    def __init__(
        self,
        *args: object,
        lazy_commands: Mapping[str, str] | None = None,
        fallback: Sequence[str] = (),
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy_commands: dict[str, str] = dict(lazy_commands or {})
        self.fallback: tuple[str, ...] = tuple(fallback)
        self._loaded: set[str] = set()

    def _load(self, module_name: str) -> None:
        if module_name in self._loaded:
            return
        self._loaded.add(module_name)
        if importlib.util.find_spec(module_name) is None:  # a module of a later issue
            return
        importlib.import_module(module_name).register(self)

    def all_modules(self) -> list[str]:
        """Every module that registers commands, the fallback ones first, no repeats."""
        return list(dict.fromkeys([*self.fallback, *self.lazy_commands.values()]))

    def load_all(self) -> None:
        for module_name in self.all_modules():
            self._load(module_name)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            module_name = self.lazy_commands.get(cmd_name)
            if module_name is not None:
                self._load(module_name)
            else:
                for name in self.all_modules():
                    self._load(name)
                    if cmd_name in self.commands:
                        break
        return self.commands.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """For ``--help`` and completion: the one place every module is imported."""
        self.load_all()
        return super().list_commands(ctx)
