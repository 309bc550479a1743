"""bench/tmux_control.py's reading of a tmux control client's stream.

The keystroke bench dates a change on screen by the last ``%output`` before the reply
of the first capture that shows it: a reply must be told from the notifications around
it exactly, or a key is dated by the wrong burst (or a captured screen line that looks
like a notification ends the reply early and the screen is read half).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _control() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tmux_control", BENCH / "tmux_control.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (dataclasses look their module up there)
    spec.loader.exec_module(module)
    return module


tc = _control()


def test_a_reply_is_dated_by_the_last_output_before_it_began() -> None:
    stream = tc.ControlStream()
    events = stream.feed_all(
        [
            (1.0, b"%begin 1700000000 7 1"),  # the attach's own reply, before any output
            (1.1, b"%end 1700000000 7 1"),
            (2.0, b"%output %0 \\033[1;1Hmar"),
            (2.5, b"%window-renamed @0 friendship"),  # not ours: left out
            (3.0, b"%output %0 \\033[2;1H322 matching"),
            (3.2, b"%begin 1700000001 8 1"),
            (3.3, b"  322 matching \xe2\x80\x9cmar\xe2\x80\x9d \xc2\xb7 by name"),
            (3.4, b"%end 1700000001 8 1"),
            (4.0, b"%output %0 \\033[?25h"),
        ]
    )
    assert events == [
        tc.Reply([], False, None),
        tc.Output(2.0),
        tc.Output(3.0),
        tc.Reply(["  322 matching “mar” · by name"], False, 3.0),
        tc.Output(4.0),
    ]


def test_a_screen_line_that_looks_like_a_notification_stays_in_the_reply() -> None:
    stream = tc.ControlStream()
    events = stream.feed_all(
        [
            (1.0, b"%output %0 x"),
            (2.0, b"%begin 1700000000 12 1"),
            (2.1, b"%output %0 typed into a note"),
            (2.2, b"%end 1700000000 11 1"),  # another command's number: a screen line
            (2.3, b"%begin 1700000000 13 1"),
            (2.4, b"%end 1700000000 12 1"),
        ]
    )
    lines = ["%output %0 typed into a note", "%end 1700000000 11 1", "%begin 1700000000 13 1"]
    assert events == [tc.Output(1.0), tc.Reply(lines, False, 1.0)]
    assert stream.last_output == 1.0  # the line inside the reply was not a burst


def test_a_failed_command_is_a_failed_reply() -> None:
    events = tc.ControlStream().feed_all(
        [(1.0, b"%begin 1700000000 3 1"), (1.1, b"no such pane"), (1.2, b"%error 1700000000 3 1")]
    )
    assert events == [tc.Reply(["no such pane"], True, None)]
