"""Deterministic, realistic demo data: people, their lives, and a journal.

``generate`` yields one ``SampleContact`` bundle at a time (never the whole book), so the
same source feeds the ``--demo`` book (through the public Backend API: ``populate``) and
the 100k store benchmark (``sample_rows`` into ``Store.import_rows``: one streamed
transaction).
The first ``SHOWCASE`` contacts are always lively (overdue ones, birthdays in
``today``'s month, recurring events and reminders within the month), so a demo book's
dashboard is never empty; beyond them the mix is what a real book looks like (about a
third tracked for stay-in-touch, one in five of those overdue), so the benchmarks at
10k/100k measure a realistic dashboard.
"""

from __future__ import annotations

import calendar
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from ..schema.models import FREQUENCY_STEPS
from .ids import IdMaker

FIRST = (
    "Ana", "André", "Anneliese", "Aoife", "Ben", "Björn", "Camille", "Chiara", "Chloé",
    "Dagny", "Daniel", "Dmitri", "Elena", "Émile", "Emma", "Erik", "Fatima", "François",
    "Freya", "Gabriel", "Grete", "Hannah", "Hiroshi", "Ines", "Isabel", "Jakub", "James",
    "Jörg", "José", "Julia", "Kai", "Karin", "Leila", "Liam", "Lucía", "Magnus", "Maja",
    "Marta", "Mateo", "Mei", "Mikael", "Nadia", "Naomi", "Noah", "Oliver", "Olga", "Omar",
    "Paula", "Pedro", "Priya", "Rafael", "Renée", "Ruth", "Sami", "Sara", "Søren", "Tomás",
    "Una", "Victor", "Wiktoria", "Yusuf", "Zoë", "Zoltán", "Ana-María", "Ólafur", "Ngozi",
)  # fmt: skip
LAST = (
    "Álvarez", "Andersen", "Bauer", "Becker", "Bianchi", "Brennan", "Çelik", "Costa",
    "Dąbrowski", "Dubois", "Eriksson", "Fernández", "Fischer", "García", "Gonçalves",
    "Hansen", "Horváth", "Ivanova", "Jensen", "Kowalski", "Kumar", "Lefèvre", "Lindqvist",
    "López", "Moreau", "Müller", "Nakamura", "Novák", "Nowak", "O'Brien", "Okafor",
    "Papadopoulos", "Pérez", "Petrović", "Rossi", "Santos", "Schmidt", "Silva", "Smith",
    "Sørensen", "Tanaka", "Varga", "Virtanen", "Wagner", "Walsh", "Weiß", "Yılmaz", "Zhang",
)  # fmt: skip
COMPANIES = (
    "Acme Robotics", "Blue Harbor Bank", "Café Lumière", "Delta Logistics", "Eastwind Media",
    "Fjord Analytics", "Greenleaf Foods", "Helix Biotech", "Iberia Textiles", "Juniper Labs",
    "Kestrel Aviation", "Lumen Studio", "Mistral Energy", "Nordlys Software", "Orchard School",
    "Pioneer Health", "Quartz Legal", "Riverbend Hospital", "Solstice Games", "Tundra Outdoor",
    "Université Lyon 2", "Vega Architects", "Willow & Sons", "Zürich Re",
)  # fmt: skip
JOBS = (
    "Engineer", "Designer", "Teacher", "Nurse", "Product manager", "Chef", "Architect",
    "Researcher", "Accountant", "Lawyer", "Photographer", "Pilot", "Doctor", "Journalist",
    "Data scientist", "Carpenter", "Musician", "Translator",
)  # fmt: skip
CITIES = (
    ("Lyon", "France"), ("Paris", "France"), ("Berlin", "Germany"), ("München", "Germany"),
    ("Madrid", "Spain"), ("Sevilla", "Spain"), ("Lisboa", "Portugal"), ("Roma", "Italy"),
    ("Milano", "Italy"), ("Oslo", "Norway"), ("København", "Denmark"), ("Stockholm", "Sweden"),
    ("Helsinki", "Finland"), ("Kraków", "Poland"), ("Praha", "Czechia"), ("Wien", "Austria"),
    ("Zürich", "Switzerland"), ("Dublin", "Ireland"), ("London", "United Kingdom"),
    ("Edinburgh", "United Kingdom"), ("New York", "United States"), ("Montréal", "Canada"),
    ("São Paulo", "Brazil"), ("Tokyo", "Japan"), ("Lagos", "Nigeria"), ("İstanbul", "Türkiye"),
)  # fmt: skip
TAGS = (
    "family", "work", "school", "climbing", "book-club", "neighbour", "choir", "football",
    "university", "mentor", "travel", "board-games", "running", "cooking", "old-job",
)  # fmt: skip
FOOD = (
    "vegetarian", "vegan", "loves spicy food", "no seafood", "coffee, black",
    "tea with milk", "gluten-free", "hates coriander", "sweet tooth", "pescatarian",
)  # fmt: skip
TOPICS = (
    "new job", "the baby", "marathon training", "house move", "their thesis", "the garden",
    "travel plans", "health", "band rehearsals",
)  # fmt: skip
NOTES = (
    "Met at a friend's wedding; great storyteller.",
    "Always up for a hike on weekends.",
    "Prefers calls over texts.",
    "Recommended a wonderful book about Iceland.",
    "Has two kids, both into football.",
    "Moving abroad next year, keep in touch!",
    "Collects vinyl records, mostly jazz.",
    "Learning to play the cello.",
)  # fmt: skip
SHOWCASE = 60  # the first contacts always give the dashboard something (the --demo book)
FREQUENCY_WEIGHTS = {"monthly": 2}  # the schema's tracked frequencies; monthly twice as often
FREQUENCIES = tuple(name for name in FREQUENCY_STEPS for _ in range(FREQUENCY_WEIGHTS.get(name, 1)))
FREQ_DAYS = {  # each step in days, near enough for spreading sample dates
    name: round(months * 30.4375 + days) for name, (months, days) in FREQUENCY_STEPS.items()
}
PETS = (
    ("Luna", "dog"), ("Milo", "cat"), ("Pip", "bird"), ("Nemo", "fish"), ("Coco", "rabbit"),
    ("Biscuit", "dog"), ("Oreo", "cat"), ("Kiwi", "bird"), ("Spike", "reptile"),
)  # fmt: skip
GIFTS = (
    "Cookbook", "Concert tickets", "Scarf", "Board game", "Plant", "Fountain pen",
    "Photo book", "Coffee beans", "Headphones",
)  # fmt: skip
JOURNAL = (
    "Long walk by the river", "Dinner with old friends", "Quiet day at home",
    "Started a new project", "Rainy Sunday", "Weekend trip", "Caught up with family",
)  # fmt: skip


@dataclass(slots=True)
class SampleContact:
    """One person and their children; relationship targets are earlier bundle indexes."""

    index: int
    data: dict[str, Any]
    children: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    links: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (target, data)
    journal: list[dict[str, Any]] = field(default_factory=list)


def _birthday(rng: random.Random, i: int, today: date) -> str | None:
    if i < SHOWCASE and i % 7 == 3:  # always some birthdays this month, most still ahead
        last = calendar.monthrange(today.year, today.month)[1]
        day = rng.randint(min(today.day, last), last)
        return f"{rng.randint(1960, 2004)}-{today.month:02d}-{day:02d}"
    roll = rng.random()
    if roll < 0.01:
        return f"{rng.choice((1980, 1984, 1988, 1992, 1996))}-02-29"
    if roll < 0.02:
        return "--02-29"
    month = rng.randint(1, 12)
    day = rng.randint(1, calendar.monthrange(2001, month)[1])
    if roll < 0.70:
        return f"{rng.randint(1950, 2005)}-{month:02d}-{day:02d}"
    if roll < 0.85:
        return f"--{month:02d}-{day:02d}"
    if roll < 0.90:
        return str(rng.randint(1950, 2000))
    return None


def _day(rng: random.Random, today: date, back: int, ahead: int = 0) -> date:
    return today + timedelta(days=rng.randint(-back, ahead))


def _ts(d: date, rng: random.Random) -> str:
    return f"{d.isoformat()}T{rng.randint(8, 21):02d}:{rng.choice((0, 15, 30, 45)):02d}:00Z"


NICKNAMES = {
    "Ana": "Anita", "André": "Dédé", "Anneliese": "Anni", "Ben": "Benji", "Camille": "Cam",
    "Daniel": "Dani", "Dmitri": "Dima", "Elena": "Lena", "Emma": "Em", "Fatima": "Tima",
    "François": "Franz", "Gabriel": "Gabi", "Hannah": "Hanni", "Isabel": "Isa", "Jakub": "Kuba",
    "James": "Jim", "José": "Pepe", "Julia": "Jules", "Magnus": "Mags", "Mateo": "Teo",
    "Naomi": "Nomi", "Oliver": "Olly", "Olga": "Olya", "Rafael": "Rafa", "Sara": "Sari",
    "Tomás": "Tom", "Victor": "Vic", "Wiktoria": "Wika", "Zoltán": "Zoli", "Ólafur": "Óli",
}  # fmt: skip


def _ascii(text: str) -> str:
    """Email local parts in the demo book stay ASCII, as most real ones are."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _contact(rng: random.Random, i: int, today: date) -> dict[str, Any]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    city, country = rng.choice(CITIES)
    company = rng.choice(COMPANIES) if rng.random() < 0.75 else None
    freq: str | None = rng.choice(FREQUENCIES) if rng.random() < 0.35 else None
    if i < SHOWCASE and i % 5 == 1:
        freq = "monthly"  # always some overdue contacts
    last_contacted: str | None = None
    if freq is not None:
        period = FREQ_DAYS[freq]
        if i < SHOWCASE and i % 5 == 1:
            back = rng.randint(45, 120)
        elif rng.random() < 0.05:
            back = -1  # never contacted: due now
        else:
            back = rng.randint(0, int(period * 1.25))  # about 1 in 5 overdue
        if back >= 0:
            last_contacted = _ts(today - timedelta(days=back), rng)
    email_name = _ascii(f"{first}.{last}".lower().replace(" ", "").replace("'", ""))
    data: dict[str, Any] = {
        "name": f"{first} {last}",
        "nickname": NICKNAMES.get(first) if rng.random() < 0.15 else None,
        "pronouns": rng.choice(("she/her", "he/him", "they/them")) if rng.random() < 0.3 else None,
        "gender": rng.choice(("male", "female", "other", "unspecified", None)),
        "email": f"{email_name}@example.com",
        "phone": f"+{rng.randint(1, 49)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        "company": company,
        "job_title": rng.choice(JOBS) if company else None,
        "city": city,
        "country": country,
        "website": f"https://{email_name.encode('ascii', 'ignore').decode() or 'me'}.example.org"
        if rng.random() < 0.1
        else None,
        "birthday": _birthday(rng, i, today),
        "anniversary": (
            f"{rng.randint(1985, 2022)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if rng.random() < 0.2
            else None
        ),
        "last_contacted_at": last_contacted,
        "stay_in_touch_frequency": freq,
        "stay_in_touch_topic": rng.choice(TOPICS) if freq and rng.random() < 0.4 else None,
        "how_we_met": rng.choice(("university", "work", "a friend's party", "climbing gym", None)),
        "food_prefs": rng.choice(FOOD) if rng.random() < 0.4 else None,
        "notes": rng.choice(NOTES) if rng.random() < 0.5 else None,
        "tags": sorted(set(rng.sample(TAGS, rng.randint(0, 3)))) or None,
        "favorite": rng.random() < 0.1,
    }
    return data


def _children(
    rng: random.Random, i: int, today: date, c: dict[str, Any]
) -> list[tuple[str, dict[str, Any]]]:
    first = str(c["name"]).split(" ")[0]
    last_seen = c.get("last_contacted_at")
    # conversations happen before last_contacted_at, so the bump keeps the overdue state
    latest = date.fromisoformat(str(last_seen)[:10]) if last_seen else today - timedelta(days=400)
    out: list[tuple[str, dict[str, Any]]] = []
    never = bool(c.get("stay_in_touch_frequency")) and not last_seen
    for _ in range(0 if never else rng.randint(1, 2)):  # never contacted: no conversations
        when = latest - timedelta(days=rng.randint(0, 300))
        out.append(
            (
                "conversation",
                {
                    "channel": rng.choice(("call", "sms", "whatsapp", "in_person", "video")),
                    "summary": f"Caught up with {first}",
                    "content": rng.choice(NOTES),
                    "sentiment": rng.choice(("positive", "neutral", "negative")),
                    "occurred_at": _ts(when, rng),
                    "duration_minutes": rng.choice((5, 15, 30, 45, 60, 90)),
                },
            )
        )
    out.append(
        (
            "activity",
            {
                "kind": rng.choice(("meeting", "call", "email", "message", "event")),
                "title": rng.choice(("Lunch", "Coffee", "Concert", "Hike", "Board games night")),
                "occurred_at": _ts(latest - timedelta(days=rng.randint(0, 200)), rng),
                "location": rng.choice(CITIES)[0],
            },
        )
    )
    out.append(("note", {"body": rng.choice(NOTES), "pinned": rng.random() < 0.2}))
    out.append(
        (
            "custom_field",
            {"label": "Shoe size", "kind": "number", "value": str(rng.randint(36, 46))}
            if rng.random() < 0.5
            else {"label": "Favourite band", "kind": "text", "value": "Radiohead"},
        )
    )
    gift_status = rng.choice(("idea", "given", "received"))
    out.append(
        (
            "gift",
            {
                "title": rng.choice(GIFTS),
                "status": gift_status,
                "occasion": rng.choice(("birthday", "christmas", "housewarming")),
                "price": round(rng.uniform(5, 120), 2),
                "currency": "EUR",
            },
        )
    )
    recurring = rng.random() < 0.5
    year = rng.randint(1995, today.year - 1)
    if i < SHOWCASE and i % 9 == 4:  # some recurring events inside the dashboard window
        when = today + timedelta(days=rng.randint(0, 25))
        event_date = f"{year}-{when.month:02d}-{min(when.day, 28):02d}"
        recurring = True
    else:
        event_date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    kind = rng.choice(("wedding", "new_job", "moved", "graduation", "new_child", "milestone"))
    out.append(
        (
            "life_event",
            {
                "kind": kind,
                "title": kind.replace("_", " ").capitalize(),
                "occurred_at": event_date,
                "recurring": recurring,
            },
        )
    )
    if rng.random() < 0.4:
        pet_name, species = rng.choice(PETS)
        out.append(("pet", {"name": pet_name, "species": species, "born_at": str(year)}))
    if rng.random() < (0.6 if i < SHOWCASE else 0.3):
        ahead = 40 if i < SHOWCASE else 180
        due = today + timedelta(days=rng.randint(-10, ahead))
        out.append(
            (
                "reminder",
                {
                    "due_date": due.isoformat(),
                    "message": f"Ask {first} about {rng.choice(TOPICS)}",
                    "completed": due < today and rng.random() < 0.5,
                },
            )
        )
    return out


def generate(n_contacts: int, today: date, seed: int = 0) -> Iterator[SampleContact]:
    """The book, one contact bundle at a time (memory stays flat at any size)."""
    rng = random.Random(seed)
    for i in range(n_contacts):
        data = _contact(rng, i, today)
        bundle = SampleContact(i, data, _children(rng, i, today, data))
        if i > 0 and rng.random() < 0.5:
            target = rng.randrange(max(0, i - 50), i)
            bundle.links.append(
                (
                    target,
                    {
                        "kind": rng.choice(("friend", "colleague", "sibling", "parent", "mentor")),
                        "since": str(rng.randint(1990, today.year)),
                    },
                )
            )
        if i % 10 == 0:
            d = today - timedelta(days=i // 10)
            bundle.journal.append(
                {
                    "title": rng.choice(JOURNAL),
                    "body": rng.choice(NOTES),
                    "mood": rng.choice(("great", "good", "okay", "bad")),
                    "tags": rng.sample(TAGS, 1),
                    "entry_date": d.isoformat(),
                }
            )
        yield bundle


class _Creates(Protocol):
    async def create(self, type_: str, data: Any) -> dict[str, Any]: ...


async def populate(backend: _Creates, n_contacts: int, today: date, seed: int = 0) -> list[str]:
    """Fill ``backend`` through its public API; returns the contact ids in order."""
    ids: list[str] = []
    for bundle in generate(n_contacts, today, seed):
        made = await backend.create("contact", bundle.data)
        cid = str(made["id"])
        ids.append(cid)
        for type_, data in bundle.children:
            await backend.create(type_, {**data, "parent_id": cid})
        for target, data in bundle.links:
            await backend.create(
                "relationship", {**data, "parent_id": cid, "target_id": ids[target]}
            )
        for entry in bundle.journal:
            await backend.create("journal_entry", entry)
    return ids


def sample_rows(
    n_contacts: int, today: date, seed: int = 0
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(type, data)`` pairs with ids filled in, for ``Store.import_rows(keep_ids=True)``.

    Ids are made here so children can name their parent before it is stored; only the
    ids of the last 50 contacts are remembered (relationship targets), so memory stays
    flat at 100k.
    """
    ids = IdMaker()
    recent: dict[int, str] = {}
    for bundle in generate(n_contacts, today, seed):
        cid = ids.new(datetime.now(UTC))
        recent[bundle.index] = cid
        recent.pop(bundle.index - 51, None)
        yield "contact", {**bundle.data, "id": cid}
        for type_, data in bundle.children:
            yield type_, {**data, "parent_id": cid}
        for target, data in bundle.links:
            if target in recent:
                yield "relationship", {**data, "parent_id": cid, "target_id": recent[target]}
        for entry in bundle.journal:
            yield "journal_entry", entry
