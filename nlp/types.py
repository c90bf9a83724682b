"""The NLP stage's output contract. Later stages rely on these fields; keep them stable.

All character offsets index into the text given to `nlp.analyze`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

LABELS = ("PERSON", "ORGANIZATION", "TITLE", "LOCATION", "DATE")


@dataclass
class Mention:
    text: str  # surface text, exactly text[start:end]
    label: str  # one of LABELS
    start: int
    end: int
    canonical: str  # nominative dictionary form, resolved within the article
    sentence: int = 0  # sentence index, from 0
    method: str = "model"  # "model" or "rule"
    score: float = 1.0


@dataclass
class Role:
    person: str  # canonical person
    title: str  # canonical title ("baş məsləhətçi", "nazir müşaviri")
    organization: str = ""  # canonical organization; "" when the text names none
    event: str = "holds"  # holds, appointed, dismissed, former (a past post of a biography)
    sentence: int = 0
    # the organization `organization` belongs to, when the text says so: the ministry of
    # "Təhsil Nazirliyinin İctimaiyyətlə əlaqələr sektorunun baş məsləhətçisi"; "" otherwise
    parent: str = ""
    # the years the text gives for the post: "2015-2019" (held from-to), "2018" (since, or the
    # year of the event); "" when it gives none
    years: str = ""


@dataclass
class DateValue:
    text: str
    value: str  # "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    precision: str  # "day", "month", "year"
    start: int = 0
    end: int = 0
    sentence: int = 0
    end_value: str | None = None  # the other end of a range ("10-11 iyul")


@dataclass
class Analysis:
    language: str  # detected language code: az, ru, en, tr, und
    skipped: bool = False  # True when the text is not Azerbaijani (nothing tagged)
    mentions: list[Mention] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # (start, end) per sentence

    def distinct(self, label: str) -> list[str]:
        """Distinct canonical forms of one label, in order of first mention."""
        seen: dict[str, None] = {}
        for m in self.mentions:
            if m.label == label and m.canonical:
                seen.setdefault(m.canonical, None)
        return list(seen)

    def to_contract(self, id=None) -> dict:
        """The JSON object of `aznews extract --jsonl` (see README, "NLP contract")."""
        dates: dict[str, None] = {}
        for d in self.dates:
            dates.setdefault(d.value, None)
            if d.end_value:
                dates.setdefault(d.end_value, None)
        roles: list[dict] = []
        for r in self.roles:
            # exactly the contract's keys; `parent` reaches the dataset (roles.parent_organization)
            item = {"person": r.person, "title": r.title, "organization": r.organization, "event": r.event}
            if r.years:
                item["years"] = r.years
            if item not in roles:
                roles.append(item)
        out = {
            "id": id,
            "language": self.language,
            "skipped": self.skipped,
            "persons": self.distinct("PERSON"),
            "organizations": self.distinct("ORGANIZATION"),
            "locations": self.distinct("LOCATION"),
            "titles": self.distinct("TITLE"),
            "roles": roles,
            "dates": list(dates),
            "mentions": [
                {"text": m.text, "label": m.label, "start": m.start, "end": m.end, "canonical": m.canonical}
                for m in self.mentions
            ],
        }
        return out

    def to_dict(self) -> dict:
        return asdict(self)
