"""Server users and personal access tokens, in tables of their own.

The tables live in the same database as the store but on a separate ``MetaData``: the
store knows nothing about users, it only sees an ``owner`` string. Only portable Core
types are used so the server runs on PostgreSQL as well as SQLite.

A token is ``pat_`` + 32 random bytes (urlsafe). Only its SHA-256 and a short display
prefix are stored: SHA-256 is enough for a secret with 256 bits of entropy (no
dictionary to attack), and it keeps authentication cheap on every request. Candidates
are found by prefix and compared with ``hmac.compare_digest``, so the comparison of
the secret itself takes constant time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ..schema import MODELS
from ..store.engine import write_options
from ..store.migrate import Lineage, back_up, is_current, upgrade
from ..store.tables import ID_LENGTH
from .token_watch import CommitWatch

# The name is the owner of the user's rows (``owned_by``, a column of ID_LENGTH).
MAX_USER_NAME = ID_LENGTH

TOKEN_PREFIX = "pat_"
DISPLAY_PREFIX_LEN = 12  # "pat_" + 8 characters: enough to tell tokens apart in a list
ACTIONS = ("list", "read", "create", "update", "delete")
EXTRA_SCOPE_TYPES = ("audit",)  # [ours] audit:list reads the audit log
LAST_USED_EVERY = 60.0  # seconds between last_used_at writes for one token


metadata = sa.MetaData()

# The declarations below (and server/idempotency.py's) are what server/migrations builds
# (a test holds the two equal); databases from before those revisions are stamped.
ACCOUNTS = Lineage(
    "server accounts",
    Path(__file__).with_name("migrations"),
    "server_alembic_version",
    head="a0001_accounts",
    baseline="a0001_accounts",
    adopt="server_users",
)

users_table = sa.Table(
    "server_users",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(120), nullable=False, unique=True),
    sa.Column("created_at", sa.String(40), nullable=False),
)

tokens_table = sa.Table(
    "server_tokens",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.String(64), sa.ForeignKey("server_users.id"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("prefix", sa.String(32), nullable=False, index=True),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("scopes", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("last_used_at", sa.String(40), nullable=True),
    sa.Column("revoked_at", sa.String(40), nullable=True),
)


class AccountError(ValueError):
    """A bad account request (unknown user, duplicate name, bad scope) with a clear reason."""


Clock = Callable[[], datetime]


@contextmanager
def begin_write(engine: Engine) -> Iterator[sa.Connection]:
    """A write transaction that takes the write lock up front (BEGIN IMMEDIATE), as
    the store's own writes do, so the two never deadlock upgrading a read lock."""
    with engine.connect() as conn:
        conn.execution_options(**write_options(engine))
        with conn.begin():
            yield conn


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def check_scopes(scopes: Iterable[str]) -> tuple[str, ...]:
    """Normalise scope strings; AccountError names the first bad one and the rule."""
    out: list[str] = []
    for raw in scopes:
        scope = raw.strip()
        if not scope:
            continue
        type_, sep, action = scope.partition(":")
        if (
            not sep
            or (type_ != "*" and type_ not in MODELS and type_ not in EXTRA_SCOPE_TYPES)
            or (action != "*" and action not in ACTIONS)
        ):
            raise AccountError(
                f"scope {scope!r} must be <type>:<action> with type one of *, "
                + ", ".join(MODELS)
                + " and action one of *, "
                + ", ".join(ACTIONS)
            )
        out.append(scope)
    if not out:
        raise AccountError("a token needs at least one scope, e.g. contact:list or *:*")
    return tuple(dict.fromkeys(out))


def scope_allows(scopes: frozenset[str], type_: str, action: str) -> bool:
    return bool({f"{type_}:{action}", f"{type_}:*", f"*:{action}", "*:*"} & scopes)


@dataclass(frozen=True, slots=True)
class User:
    id: str
    name: str
    created_at: str


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """What may be shown about a token: never the secret, never the hash."""

    id: str
    user: str
    name: str
    prefix: str
    scopes: tuple[str, ...]
    created_at: str
    last_used_at: str | None
    revoked_at: str | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated caller: the user whose data it reaches, and what it may do."""

    user: str
    token_id: str
    scopes: frozenset[str]
    token_name: str = ""  # the audit log's "actor" for this caller's writes
    user_id: str = ""  # the account behind ``user``: a name can be deleted and reused

    def allows(self, type_: str, action: str) -> bool:
        return scope_allows(self.scopes, type_, action)


class Accounts:
    """Users and tokens on one engine. Thread-safe; cheap enough to call per request."""

    def __init__(self, engine: Engine, clock: Clock | None = None) -> None:
        self.engine = engine
        self.clock: Clock = clock or _utc_now
        self._lock = threading.Lock()
        # digest -> (principal, the commit generation it was checked in)
        self._cache: dict[str, tuple[Principal, int | None]] = {}
        self._last_used_written: dict[str, float] = {}
        self._watch = CommitWatch(engine)
        # user name -> the id of the account that last authenticated under that name
        self._current_ids: dict[str, str] = {}

    def close(self) -> None:
        """Release the commit watch's connection (token checks then always ask)."""
        self._watch.close()

    def create_tables(self) -> None:
        """Create or upgrade the account tables (server/migrations), under the write
        lock, so two servers starting on one new database do not race."""
        if is_current(self.engine, ACCOUNTS):
            return
        back_up(self.engine, ACCOUNTS, "head")
        with begin_write(self.engine) as conn:
            upgrade(conn, "head", ACCOUNTS)

    # ---------------------------------------------------------------- users

    def add_user(self, name: str) -> User:
        name = name.strip()
        if not name or len(name) > MAX_USER_NAME:
            raise AccountError(f"user name must be 1 to {MAX_USER_NAME} characters")
        with begin_write(self.engine) as conn:
            exists = conn.execute(
                sa.select(users_table.c.id).where(users_table.c.name == name)
            ).first()
            if exists:
                raise AccountError(f"user {name!r} already exists")
            user = User(id=uuid.uuid4().hex, name=name, created_at=_stamp(self.clock()))
            conn.execute(
                users_table.insert().values(id=user.id, name=user.name, created_at=user.created_at)
            )
        return user

    def users(self) -> list[User]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(users_table).order_by(users_table.c.name)).all()
        return [User(id=r.id, name=r.name, created_at=r.created_at) for r in rows]

    def _user_id(self, conn: sa.Connection, name: str) -> str:
        row = conn.execute(sa.select(users_table.c.id).where(users_table.c.name == name)).first()
        if row is None:
            raise AccountError(f"no user named {name!r}; add one with `friendship server user add`")
        return str(row.id)

    # ---------------------------------------------------------------- tokens

    def create_token(self, user: str, name: str, scopes: Iterable[str]) -> tuple[TokenInfo, str]:
        """A new token and its secret. The secret is returned once and never stored."""
        clean = check_scopes(scopes)
        label = name.strip()
        if not label or len(label) > 200:
            raise AccountError("token name must be 1 to 200 characters")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with begin_write(self.engine) as conn:
            user_id = self._user_id(conn, user)
            info = TokenInfo(
                id=uuid.uuid4().hex,
                user=user,
                name=label,
                prefix=secret[:DISPLAY_PREFIX_LEN],
                scopes=clean,
                created_at=_stamp(self.clock()),
                last_used_at=None,
                revoked_at=None,
            )
            conn.execute(
                tokens_table.insert().values(
                    id=info.id,
                    user_id=user_id,
                    name=info.name,
                    prefix=info.prefix,
                    secret_hash=hash_secret(secret),
                    scopes=",".join(clean),
                    created_at=info.created_at,
                )
            )
        return info, secret

    def _token_query(self) -> sa.Select[Any]:
        t, u = tokens_table, users_table
        return sa.select(
            t.c.id,
            u.c.name.label("user"),
            t.c.name,
            t.c.prefix,
            t.c.scopes,
            t.c.created_at,
            t.c.last_used_at,
            t.c.revoked_at,
        ).join(u, u.c.id == t.c.user_id)

    @staticmethod
    def _info(row: sa.Row[Any]) -> TokenInfo:
        m = row._mapping
        return TokenInfo(
            id=str(m["id"]),
            user=str(m["user"]),
            name=str(m["name"]),
            prefix=str(m["prefix"]),
            scopes=tuple(s for s in str(m["scopes"]).split(",") if s),
            created_at=str(m["created_at"]),
            last_used_at=m["last_used_at"],
            revoked_at=m["revoked_at"],
        )

    def tokens(self, user: str | None = None) -> list[TokenInfo]:
        q = self._token_query().order_by(tokens_table.c.created_at)
        if user is not None:
            q = q.where(users_table.c.name == user)
        with self.engine.connect() as conn:
            return [self._info(r) for r in conn.execute(q).all()]

    def revoke(self, ident: str) -> TokenInfo:
        """Revoke by token id or display prefix (unique match required)."""
        t = tokens_table
        with begin_write(self.engine) as conn:
            rows = conn.execute(
                self._token_query().where(sa.or_(t.c.id == ident, t.c.prefix == ident))
            ).all()
            if not rows:
                raise AccountError(f"no token with id or prefix {ident!r}")
            if len(rows) > 1:
                raise AccountError(f"{ident!r} matches {len(rows)} tokens; use the token id")
            info = self._info(rows[0])
            stamp = info.revoked_at or _stamp(self.clock())
            conn.execute(t.update().where(t.c.id == info.id).values(revoked_at=stamp))
        with self._lock:
            self._cache.clear()
        return dataclasses.replace(info, revoked_at=stamp)

    # ---------------------------------------------------------------- authentication

    def authenticate(self, secret: str) -> Principal | None:
        """The principal for a presented secret, or None (unknown, malformed or revoked).

        A positive answer is kept until the database reports a change that could undo it
        (``CommitWatch``); revoking through this object clears it at once.
        """
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
            return None
        digest = hash_secret(secret)
        now = time.monotonic()
        generation = self._watch.look()  # before the query: a later commit invalidates
        with self._lock:
            hit = self._cache.get(digest)
        if hit is not None and generation is not None and hit[1] == generation:
            self._touch(hit[0].token_id, now)
            return hit[0]
        t, u = tokens_table, users_table
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(
                    t.c.id,
                    t.c.secret_hash,
                    t.c.scopes,
                    t.c.revoked_at,
                    u.c.name,
                    t.c.name.label("token_name"),
                    u.c.id.label("user_id"),
                )
                .join(u, u.c.id == t.c.user_id)
                .where(t.c.prefix == secret[:DISPLAY_PREFIX_LEN])
            ).all()
        found: Principal | None = None
        for row in rows:
            if hmac.compare_digest(str(row.secret_hash), digest) and row.revoked_at is None:
                scopes = frozenset(s for s in str(row.scopes).split(",") if s)
                found = Principal(
                    user=str(row.name),
                    token_id=str(row.id),
                    scopes=scopes,
                    token_name=str(row.token_name),
                    user_id=str(row.user_id),
                )
        if found is None:
            with self._lock:
                self._cache.pop(digest, None)
            return None
        with self._lock:
            self._cache[digest] = (found, generation)
            self._current_ids[found.user] = found.user_id
        self._touch(found.token_id, now)
        return found

    # ---------------------------------------------------------------- live checks

    def generation(self) -> int | None:
        """The commit watch's generation (None: changes cannot be watched right now)."""
        return self._watch.look()

    def current_user_id(self, name: str) -> str | None:
        """The id of the account last authenticated as ``name`` (a name can be reused)."""
        with self._lock:
            return self._current_ids.get(name)

    def _touch(self, token_id: str, now: float) -> None:
        """Record last use, at most once a minute per token (a write per request is waste)."""
        with self._lock:
            last = self._last_used_written.get(token_id)
            if last is not None and now - last < LAST_USED_EVERY:
                return
            self._last_used_written[token_id] = now
        with begin_write(self.engine) as conn:
            conn.execute(
                tokens_table.update()
                .where(tokens_table.c.id == token_id)
                .values(last_used_at=_stamp(self.clock()))
            )
