"""One way for tests to wait: poll a condition until it holds, with a generous bound.

A test never sleeps to let something happen; it names what it waits for and polls it.
The bound (``WAIT_LIMIT``) is for slow, loaded CI machines, never a timing assertion: a
condition that does not hold in time fails the test saying what never happened.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, overload

from friendship_tui.server.child import wait_listening  # the benches' too: one in the package

__all__ = ["WAIT_LIMIT", "wait_listening", "wait_until", "wait_until_async"]

T = TypeVar("T")

WAIT_LIMIT = 30.0  # seconds
POLL_EVERY = 0.02  # seconds between two looks at the condition


def wait_until(
    condition: Callable[[], T],
    what: str = "condition",
    *,
    timeout: float = WAIT_LIMIT,
    every: float = POLL_EVERY,
) -> T:
    """Poll ``condition()`` until it is truthy and return that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(every)


@overload
async def wait_until_async(
    condition: Callable[[], Awaitable[T]],
    what: str = "condition",
    *,
    timeout: float = WAIT_LIMIT,
    pause: Callable[[], Awaitable[object]] | None = None,
    tolerate: tuple[type[BaseException], ...] = (),
) -> T: ...


@overload
async def wait_until_async(
    condition: Callable[[], T],
    what: str = "condition",
    *,
    timeout: float = WAIT_LIMIT,
    pause: Callable[[], Awaitable[object]] | None = None,
    tolerate: tuple[type[BaseException], ...] = (),
) -> T: ...


async def wait_until_async(
    condition: Callable[[], Any],
    what: str = "condition",
    *,
    timeout: float = WAIT_LIMIT,
    pause: Callable[[], Awaitable[object]] | None = None,
    tolerate: tuple[type[BaseException], ...] = (),
) -> Any:
    """Poll ``condition()`` (plain or async) until it is truthy and return that value.

    ``pause`` lets the code under test run between two looks (default: a short
    ``asyncio.sleep``; the app's tests pass ``pilot.pause``); exceptions of the types in
    ``tolerate`` count as "not yet" (widgets not mounted yet).
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = condition()
            if inspect.isawaitable(value):
                value = await value
            if value:
                return value
        except tolerate:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await (pause() if pause is not None else asyncio.sleep(POLL_EVERY))
