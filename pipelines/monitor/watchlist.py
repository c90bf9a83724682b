"""Watchlists: load, validate and merge the YAML files that say what to monitor.

A watchlist names organizations (with aliases, abbreviations and renames), people and
free patterns. The built-in list of Azerbaijani central government bodies is
`data/watchlists/government.yaml`; user files add to it (or replace it with
`include_builtin: false`). The format is documented in `data/watchlists/README.md`.

    wl = load([Path("my.yaml")])           # built-in government list + my.yaml
    wl.entities["elm-ve-tehsil-nazirliyi"].names()  # name, aliases, former names
    wl.alias_rows()                        # one row per (entity, name) with its folded key

Every problem is reported as `WatchlistError` (a `UserError`), one line naming the file
and the entry: "my.yaml: organizations[2] (id 'x'): unknown key 'alias' (known: ...)".
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from aznews.nlp.text import az_lower
from aznews.pipelines.errors import UserError

FORMAT = "aznews-watchlist/1"
from aznews.data import WATCHLIST_DIR as BUILTIN_DIR  # noqa: E402
BUILTIN = {"government": BUILTIN_DIR / "government.yaml"}

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
KINDS = (
    "presidential_office", "cabinet", "parliament", "court", "prosecution", "ministry",
    "state_committee", "service", "agency", "fund", "central_bank", "commission", "audit",
    "ombudsman", "council", "state_company", "academy", "university", "local_executive",
    "media", "party", "international", "company", "other",
)
TOP_KEYS = ("format", "name", "title", "description", "include_builtin", "sources",
            "organizations", "people", "patterns")
ORG_KEYS = ("id", "name", "kind", "aliases", "abbreviations", "renames", "sources", "note")
RENAME_KEYS = ("from", "date", "abbreviations", "source", "note")
PERSON_KEYS = ("id", "name", "aliases", "note", "sources")
PATTERN_KEYS = ("id", "name", "regex", "phrase", "phrases", "ignore_case", "note")

# What counts as "the same name" (names.alias_key / names.fold) is defined once, in the
# identity stage, which matches the watchlist against the dataset.
from aznews.pipelines.identity.names import alias_key, fold  # noqa: E402,F401


class WatchlistError(UserError):
    """A watchlist file is missing, not YAML, or does not follow the format."""


@dataclass
class Rename:
    former: str  # the former name ("Təhsil Nazirliyi")
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD: when the former name stopped being official
    abbreviations: list[str] = field(default_factory=list)
    source: str = ""
    note: str = ""


@dataclass
class Entity:
    id: str
    type: str  # organization | person
    name: str
    kind: str = ""
    aliases: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)
    renames: list[Rename] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    note: str = ""
    origin: str = ""  # the file that defined it

    @property
    def label(self) -> str:
        return "PERSON" if self.type == "person" else "ORGANIZATION"

    def names(self) -> list[tuple[str, str, str | None]]:
        """(text, how, until) for every name the entity goes by: how is name, alias,
        abbreviation or former; until is the rename date for former names."""
        out = [(self.name, "name", None)]
        out += [(a, "alias", None) for a in self.aliases]
        out += [(a, "abbreviation", None) for a in self.abbreviations]
        for r in self.renames:
            out.append((r.former, "former", r.date))
            out += [(a, "former", r.date) for a in r.abbreviations]
        return out


@dataclass
class Pattern:
    id: str
    name: str
    regex: str | None = None  # Python `re` syntax
    phrases: list[str] = field(default_factory=list)  # plain text, whole words, case folded
    ignore_case: bool = False  # for regex only (Unicode rules); phrases always fold
    note: str = ""
    origin: str = ""

    def compiled(self):
        """The pattern for the `regex` package: Python `re` syntax, but matching takes a
        `timeout`, so a catastrophic regex (nested quantifiers) fails instead of hanging."""
        import regex

        if self.regex is not None:
            return regex.compile(self.regex, regex.IGNORECASE if self.ignore_case else 0)
        alts = "|".join(r"\s+".join(regex.escape(w) for w in az_lower(p).split()) for p in self.phrases)
        return regex.compile(rf"(?<!\w)(?:{alts})(?!\w)")


@dataclass
class Watchlist:
    entities: dict[str, Entity] = field(default_factory=dict)
    patterns: dict[str, Pattern] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)  # "builtin:government" or absolute paths
    sources: dict[str, str] = field(default_factory=dict)  # source id -> note

    def identity(self) -> str:
        """A short hash of which files make up this watchlist (not of their content:
        editing a file keeps its watch state)."""
        return hashlib.sha256(json.dumps(sorted(self.files)).encode()).hexdigest()[:16]

    def alias_rows(self) -> list[dict]:
        rows = []
        for e in self.entities.values():
            seen = set()
            for text, how, until in e.names():
                key = fold(text)
                if not key or key in seen:
                    continue
                seen.add(key)
                rows.append({"entity_id": e.id, "entity": e.name, "entity_type": e.type, "kind": e.kind,
                             "label": e.label, "alias": text, "how": how, "until": until, "key": key})
        return rows


# --- validation ------------------------------------------------------------------------

def _where(section: str, i: int, item) -> str:
    ident = item.get("id") if isinstance(item, dict) else None
    return f"{section}[{i}]" + (f" (id {ident!r})" if isinstance(ident, str) else "")


class _Checker:
    def __init__(self, path: str):
        self.path = path

    def fail(self, where: str, problem: str):
        raise WatchlistError(f"{self.path}: {where}: {problem}" if where else f"{self.path}: {problem}")

    def keys(self, where, item, allowed):
        if not isinstance(item, dict):
            self.fail(where, f"expected a mapping, got {type(item).__name__}")
        for k in item:
            if k not in allowed:
                self.fail(where, f"unknown key {k!r} (known: {', '.join(allowed)})")

    def text(self, where, item, key, required=False) -> str:
        v = item.get(key)
        if v is None:
            if required:
                self.fail(where, f"missing {key!r}")
            return ""
        if not isinstance(v, str) or not v.strip():
            self.fail(where, f"{key!r} must be a non-empty string")
        return " ".join(v.split())

    def texts(self, where, item, key) -> list[str]:
        v = item.get(key)
        if v is None:
            return []
        if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
            # a bare string is refused too: "aliases: Maarif, Təhsil" would silently be one alias
            self.fail(where, f"{key!r} must be a list of non-empty strings, e.g. [{key.rstrip('s')} one, "
                             f"{key.rstrip('s')} two], not {type(v).__name__} {str(v)[:40]!r}")
        return [" ".join(x.split()) for x in v]

    def ident(self, where, item) -> str:
        v = self.text(where, item, "id", required=True)
        if not ID_RE.match(v):
            self.fail(where, f"id {v!r} must be lower-case ASCII letters, digits, '-', '_' or '.'")
        return v

    def date(self, where, item, key) -> str:
        v = item.get(key)
        if isinstance(v, _dt.date):
            return v.isoformat()[:10]
        if isinstance(v, int):
            v = str(v)
        if not isinstance(v, str) or not DATE_RE.match(v):
            self.fail(where, f"{key!r} must be a date YYYY, YYYY-MM or YYYY-MM-DD, got {v!r}")
        try:
            parts = [int(x) for x in v.split("-")] + [1, 1]
            _dt.date(parts[0], parts[1], parts[2])
        except ValueError:
            self.fail(where, f"{key!r} is not a valid date: {v!r}")
        return v


def _loader():
    """A safe YAML loader that keeps dates as written (validated by _Checker.date)."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return Loader


def _read_yaml(path: Path):
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WatchlistError(f"watchlist not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WatchlistError(f"cannot read watchlist {path}: {exc}") from None
    try:
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise WatchlistError(f"{path}: not valid YAML{at}: {problem}") from None


def parse(data, path: str) -> tuple[list[Entity], list[Pattern], dict[str, str], bool]:
    """Validate one file's parsed YAML; returns entities, patterns, sources, include_builtin."""
    c = _Checker(path)
    if data is None:
        data = {}
    c.keys("", data, TOP_KEYS)
    fmt = data.get("format")
    if fmt is not None and fmt != FORMAT:
        c.fail("", f"format {fmt!r} is not supported (expected {FORMAT!r})")
    include = data.get("include_builtin", True)
    if not isinstance(include, bool):
        c.fail("", "'include_builtin' must be true or false")
    sources: dict[str, str] = {}
    for i, s in enumerate(data.get("sources") or []):
        w = _where("sources", i, s)
        c.keys(w, s, ("id", "note"))
        sources[c.ident(w, s)] = c.text(w, s, "note", required=True)
    for section in ("organizations", "people", "patterns"):
        if data.get(section) is not None and not isinstance(data[section], list):
            c.fail(section, "must be a list")
    entities: list[Entity] = []
    ids: set[str] = set()

    def check_sources(w, refs):
        for r in refs:
            if sources and r not in sources:
                c.fail(w, f"source {r!r} is not listed under 'sources'")

    for i, o in enumerate(data.get("organizations") or []):
        w = _where("organizations", i, o)
        c.keys(w, o, ORG_KEYS)
        e = Entity(id=c.ident(w, o), type="organization", name=c.text(w, o, "name", required=True),
                   kind=c.text(w, o, "kind") or "other", aliases=c.texts(w, o, "aliases"),
                   abbreviations=c.texts(w, o, "abbreviations"), sources=c.texts(w, o, "sources"),
                   note=c.text(w, o, "note"), origin=path)
        if e.kind not in KINDS:
            c.fail(w, f"kind {e.kind!r} is not one of {', '.join(KINDS)}")
        renames = o.get("renames") or []
        if not isinstance(renames, list):
            c.fail(w, "'renames' must be a list")
        for j, r in enumerate(renames):
            rw = f"{w} renames[{j}]"
            c.keys(rw, r, RENAME_KEYS)
            src = c.text(rw, r, "source")
            if src:
                check_sources(rw, [src])
            e.renames.append(Rename(former=c.text(rw, r, "from", required=True), date=c.date(rw, r, "date"),
                                    abbreviations=c.texts(rw, r, "abbreviations"), source=src,
                                    note=c.text(rw, r, "note")))
        check_sources(w, e.sources)
        if e.id in ids:
            c.fail(w, f"duplicate id {e.id!r}")
        ids.add(e.id)
        entities.append(e)
    for i, p in enumerate(data.get("people") or []):
        w = _where("people", i, p)
        c.keys(w, p, PERSON_KEYS)
        e = Entity(id=c.ident(w, p), type="person", name=c.text(w, p, "name", required=True),
                   aliases=c.texts(w, p, "aliases"), sources=c.texts(w, p, "sources"),
                   note=c.text(w, p, "note"), origin=path)
        check_sources(w, e.sources)
        if e.id in ids:
            c.fail(w, f"duplicate id {e.id!r}")
        ids.add(e.id)
        entities.append(e)
    patterns: list[Pattern] = []
    for i, p in enumerate(data.get("patterns") or []):
        w = _where("patterns", i, p)
        c.keys(w, p, PATTERN_KEYS)
        pid = c.ident(w, p)
        regex = p.get("regex")
        phrases = c.texts(w, p, "phrases") + ([c.text(w, p, "phrase")] if p.get("phrase") is not None else [])
        if (regex is None) == (not phrases):
            c.fail(w, "give exactly one of 'regex' or 'phrase'/'phrases'")
        if regex is not None and (not isinstance(regex, str) or not regex):
            c.fail(w, "'regex' must be a non-empty string")
        ic = p.get("ignore_case", False)
        if not isinstance(ic, bool):
            c.fail(w, "'ignore_case' must be true or false")
        pat = Pattern(id=pid, name=c.text(w, p, "name") or (phrases[0] if phrases else pid), regex=regex,
                      phrases=phrases, ignore_case=ic, note=c.text(w, p, "note"), origin=path)
        import regex as _regex

        try:
            rx = pat.compiled()
        except (re.error, _regex.error) as exc:
            c.fail(w, f"bad regex: {exc}")
        if rx.search("") is not None:
            c.fail(w, "the pattern matches the empty string")
        if pid in ids:
            c.fail(w, f"duplicate id {pid!r}")
        ids.add(pid)
        patterns.append(pat)
    return entities, patterns, sources, include


def _merge(wl: Watchlist, entities, patterns, path: str) -> None:
    for e in entities:
        old = wl.entities.get(e.id)
        if old is None:
            wl.entities[e.id] = e
            continue
        if old.type != e.type:
            raise WatchlistError(f"{path}: id {e.id!r} is a {e.type} here but a {old.type} in {old.origin}")
        # a later file extends an earlier entry: its name wins, the old name stays an alias
        if alias_key(e.name) != alias_key(old.name):
            old.aliases.append(old.name)
            old.name = e.name
        if e.kind and e.kind != "other":
            old.kind = e.kind
        old.aliases += e.aliases
        old.abbreviations += e.abbreviations
        old.renames += e.renames
        old.sources += e.sources
        old.note = e.note or old.note
    for p in patterns:
        if p.id in wl.patterns or p.id in wl.entities:
            raise WatchlistError(f"{path}: pattern id {p.id!r} is already used")
        wl.patterns[p.id] = p


def _check_collisions(wl: Watchlist) -> None:
    owner: dict[tuple[str, str], Entity] = {}
    for e in wl.entities.values():
        for text, _how, _until in e.names():
            k = (e.label, fold(text))  # the identity stage could not tell the two apart
            other = owner.setdefault(k, e)
            if other is not e:
                raise WatchlistError(
                    f"{e.origin}: name {text!r} of {e.id!r} already belongs to {other.id!r} ({other.origin})")


def load(paths=(), include_builtin: bool = True) -> Watchlist:
    """The merged watchlist: built-in lists first (unless excluded), then each file."""
    parsed = []
    for p in paths:
        p = Path(p)
        ents, pats, srcs, inc = parse(_read_yaml(p), str(p))
        parsed.append((str(p.resolve()), str(p), ents, pats, srcs))
        include_builtin = include_builtin and inc
    wl = Watchlist()
    if include_builtin:
        for name, bp in BUILTIN.items():
            ents, pats, srcs, _ = parse(_read_yaml(bp), f"builtin:{name}")
            _merge(wl, ents, pats, f"builtin:{name}")
            wl.sources.update(srcs)
            wl.files.append(f"builtin:{name}")
    for resolved, shown, ents, pats, srcs in parsed:
        _merge(wl, ents, pats, shown)
        wl.sources.update(srcs)
        wl.files.append(resolved)
    if not wl.entities and not wl.patterns:
        raise WatchlistError("the watchlist is empty: nothing to watch")
    _check_collisions(wl)
    return wl
