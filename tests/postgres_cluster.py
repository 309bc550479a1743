"""A real, throw-away PostgreSQL server for the tests that prove the store is portable.

Where the binaries come from, in order: ``$FRIENDSHIP_PG_BINDIR``, ``pg_config
--bindir``, ``initdb`` on PATH, Debian's ``/usr/lib/postgresql/<n>/bin``, and last the
``pgserver`` wheel from the test extras (bundled binaries, so the suite needs nothing
but pip on a machine without PostgreSQL). PostgreSQL refuses to run as root, so as root
the cluster runs as the ``postgres`` system user (created when missing).

One cluster per test process (started on first use, stopped at exit); each test gets
its own database cloned from a migrated template, so tests never see each other's rows.
"""

from __future__ import annotations

import atexit
import glob
import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from friendship_tui.server.running import free_port

DRIVER = "postgresql+psycopg"


def find_bindir() -> Path:
    """The directory holding initdb, pg_ctl and postgres; a clear error when none."""
    candidates: list[str] = []
    if os.environ.get("FRIENDSHIP_PG_BINDIR"):
        candidates.append(os.environ["FRIENDSHIP_PG_BINDIR"])
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidates.append(out.stdout.strip())
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(str(Path(os.path.realpath(initdb)).parent))
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for c in candidates:
        if c and all((Path(c) / tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(c)
    spec = importlib.util.find_spec("pgserver")  # not imported: it sets up things of its own
    if spec is not None and spec.origin is not None:
        bundled = Path(spec.origin).parent / "pginstall" / "bin"
        if (bundled / "initdb").exists():
            return bundled
    raise RuntimeError(
        "the PostgreSQL tests need PostgreSQL's server binaries: install the test extras "
        "(pip install -e '.[test]', which brings pgserver) or PostgreSQL itself "
        "(apt-get install postgresql), or set FRIENDSHIP_PG_BINDIR"
    )


def _run_as() -> str | None:
    """The system user to run PostgreSQL as: None when not root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
    return "postgres"


def _open_up(path: Path) -> None:
    """Let the postgres user reach the binaries (a venv under /root is 0700 otherwise)."""
    for p in [path, *path.parents]:
        mode = p.stat().st_mode
        if mode & 0o005 != 0o005:
            os.chmod(p, mode | 0o005)


@dataclass
class Cluster:
    bindir: Path
    datadir: Path
    port: int
    user: str | None

    def _cmd(self, *args: str) -> list[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.user is None:
            return cmd
        return ["runuser", "-u", self.user, "--", *cmd]

    def url(self, database: str = "postgres") -> str:
        return f"{DRIVER}://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        self.datadir.mkdir(parents=True, exist_ok=True)
        if self.user is not None:
            info = pwd.getpwnam(self.user)
            _open_up(self.bindir)
            _open_up(self.datadir.parent)
            os.chown(self.datadir, info.pw_uid, info.pw_gid)
        subprocess.run(
            self._cmd(
                "initdb", "-D", str(self.datadir), "-U", "postgres", "--auth=trust",
                "--encoding=UTF8", "--no-sync",
            ),
            check=True, capture_output=True, env={**os.environ, "LC_ALL": "C"},
        )  # fmt: skip
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.datadir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        subprocess.run(
            self._cmd(
                "pg_ctl", "-D", str(self.datadir), "-o", options, "-w", "-t", "60",
                "-l", str(self.datadir / "server.log"), "start",
            ),
            check=True, capture_output=True,
        )  # fmt: skip

    def restart(self) -> None:
        """Stop (dropping every client connection) and start again on the same port."""
        subprocess.run(
            self._cmd(
                "pg_ctl", "-D", str(self.datadir), "-m", "fast", "-w", "-t", "60",
                "-l", str(self.datadir / "server.log"), "restart",
            ),
            check=True, capture_output=True,
        )  # fmt: skip

    def stop(self) -> None:
        subprocess.run(
            self._cmd("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "-w", "stop"),
            capture_output=True,
        )
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


_CLUSTER: list[Cluster] = []
_TEMPLATE = "friendship_template"


def private_cluster() -> Cluster:
    """A cluster of its own (for a test that stops or restarts it); the caller stops it."""
    base = Path(tempfile.mkdtemp(prefix="friendship-pg-"))
    made = Cluster(find_bindir(), base / "data", free_port(), _run_as())
    made.start()
    return made


def cluster() -> Cluster:
    """This process's cluster, started (and its migrated template made) on first use."""
    if not _CLUSTER:
        from sqlalchemy import create_engine

        from friendship_tui.store.local import Store

        made = private_cluster()
        atexit.register(made.stop)
        _CLUSTER.append(made)
        engine = create_engine(made.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {_TEMPLATE}")
        engine.dispose()
        Store.open(made.url(_TEMPLATE)).close()
    return _CLUSTER[0]


def _new_database(prefix: str, template: str | None) -> str:
    from sqlalchemy import create_engine

    c = cluster()
    name = f"{prefix}_{uuid.uuid4().hex[:16]}"
    engine = create_engine(c.url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(
            f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else "")
        )
    engine.dispose()
    return c.url(name)


def fresh_database() -> str:
    """The URL of a new, migrated, empty database (a copy of the template)."""
    return _new_database("t", _TEMPLATE)


def empty_database() -> str:
    """The URL of a new database with no tables at all (for migration tests)."""
    return _new_database("e", None)
