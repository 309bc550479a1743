"""``contact create/update --deceased [DATE] --first-met DATE --first-met-through ID``
and ``--clear deceased|first-met|first-met-through`` through the real entry point: the
facts land in (and leave) the reserved custom fields; bad values are named, nothing
written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from friendship_tui.cli.main import cli
from friendship_tui.domain.reserved_fields import facts_by_contact


def run(db: Path, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    return result


def facts(db: Path) -> dict[str, Any]:
    listed = run(db, "custom_field", "list", "--all", "--json")
    assert listed.exit_code == 0, listed.output
    return facts_by_contact(json.loads(listed.stdout)["data"])


def test_contact_flags_write_and_clear_the_reserved_facts(tmp_path: Path) -> None:
    db = tmp_path / "book.db"
    gus = json.loads(run(db, "contact", "create", "--name", "Gus Berg", "--json").stdout)["id"]
    made = run(db, "contact", "create", "--name", "Ivy Holm", "--deceased", "--first-met",
               "--03-04", "--first-met-through", gus, "--json")  # fmt: skip
    assert made.exit_code == 0, made.output
    ivy = json.loads(made.stdout)["id"]
    f = facts(db)[ivy]
    assert f.deceased and f.deceased_on is None  # --deceased without a date
    assert (f.first_met, f.first_met_through) == ("--03-04", gus)

    dated = run(db, "contact", "update", ivy, "--deceased", "2020-05-04")  # only a fact
    assert dated.exit_code == 0, dated.output
    assert facts(db)[ivy].deceased_on == "2020-05-04"

    bad = run(db, "contact", "update", ivy, "--nickname", "Ives", "--first-met", "2015-13-45",
              "--first-met-through", ivy)  # fmt: skip
    assert bad.exit_code == 2
    assert "first_met: must be a date" in bad.stderr
    assert "first_met_through: cannot be the contact themselves" in bad.stderr
    shown = json.loads(run(db, "contact", "get", ivy, "--json").stdout)
    assert shown["nickname"] is None  # nothing written

    cleared = run(db, "contact", "update", ivy, "--clear", "deceased", "--clear", "first-met",
                  "--clear", "first-met-through", "--nickname", "Ives")  # fmt: skip
    assert cleared.exit_code == 0, cleared.output
    assert ivy not in facts(db)  # no reserved field left
    assert json.loads(run(db, "contact", "get", ivy, "--json").stdout)["nickname"] == "Ives"

    unknown = run(db, "contact", "create", "--name", "Zed", "--first-met-through", "nope")
    assert unknown.exit_code == 2 and "no contact with id 'nope'" in unknown.stderr
    names = [c["name"] for c in json.loads(run(db, "contact", "list", "--json").stdout)["data"]]
    assert "Zed" not in names
