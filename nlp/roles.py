"""Roles: (person, title, organization, event) from press-release patterns.

A *group* is zero or more organizations followed by a title, written next to each other
("Təhsil Nazirliyinin İctimaiyyətlə əlaqələr sektorunun baş məsləhətçisi"): the title's
organization is the nearest one (the sector; the ministry is its parent). Groups attach to a
person

* before the name: "<group> Billurə Hacızadə", several groups joined by a dash or comma
  ("Prezidentin köməkçisi – ... şöbəsinin müdiri Hikmət Hacıyev" gives two roles);
* after the name as an apposition: "Hikmət Hacıyev, Prezidentin köməkçisi, ...";
* after the name before "vəzifəsinə"/"vəzifəsindən": "X Y ... vəzifəsinə təyin edilib".

A title with no organization next to it takes the ministry its field words name
("təhsil nazirinin müşaviri" -> Təhsil Nazirliyi), else "". A bare "müdiri"/"rəisi" of a
sector or department becomes "sektor müdiri"/"şöbə rəisi". Events: "vəzifəsinə ... təyin"
-> appointed, "vəzifəsindən ... azad" -> dismissed, otherwise holds. Titles with no person
next to them ("Nazirin müşaviri bildirib") refer back and add no role.
"""
from __future__ import annotations

import re

from aznews.nlp import ner
from aznews.nlp.coref import poss3
from aznews.nlp.text import az_capitalize, az_lower
from aznews.nlp.types import Mention, Role

_WS = re.compile(r"\s{0,3}")
_SEP = re.compile(r"\s*(?:[–—-]|,|\bvə\b)\s*")
_APPO = re.compile(r"\s*(?:,|[–—-]|\()\s*")
# between a quoted company name and the title after it: the closing quote, the legal form in the
# genitive and a time word ('"Abşeron Tikinti" MMC-nin keçmiş direktoru')
# ('"Sabah" klubunun baş məşqçisi', '"Ulduz"un direktoru': the kind of body or a case ending too)
_QUOTED_GAP = re.compile(r"[\"”»’']?(?:-?[^\W\d_]{1,4})?\s*(?:[A-ZÇƏĞİIÖŞÜ]{2,5}(?:-[^\W\d_]+)?\s+)?"
                         r"(?:(?:klub|şirkət|agentliy|holdinq|fond|qəzet|jurnal|müəssisə|kompaniya|bank|"
                         r"komanda|festival|teatr|ansambl|studiya|nəşriyyat)[^\W\d_]*\s+)?"
                         r"(?:(?:keçmiş|sabiq|yeni|indiki|hazırkı)\s+)?")
# "<title> vəzifəsinə <person>" (the post named before the person appointed to it) and an
# honorific between a title and a name
_POST_GAP = re.compile(r"\s+(?:vəzifəsinə|cənab|xanım|hörmətli|möhtərəm"
                       # a degree between the post and the name: "sədri siyasi elmlər doktoru X"
                       r"|(?:[^\W\d_]+\s+){1,2}elmlər[i]?\s+(?:üzrə\s+fəlsəfə\s+)?(?:doktoru|namizədi))\s+",
                       re.IGNORECASE)
_SUBUNIT_HEADS = {"sektor", "şöbə", "idarə", "bölmə", "departament", "mərkəz", "xidmət", "aparat"}
_HEAD_TITLES = {"müdir", "rəis", "müdir müavini", "rəis müavini"}
_MP_TITLES = {"deputat", "millət vəkili"}
_NEXT_WORD = re.compile(r"\s*([^\W\d_]+)")
# "X ... direktoru təyin edilib / seçilib / olub": the post after the name is the subject's
_BECAME = frozenset({"təyin", "seçilib", "seçildi", "olub", "oldu"})
_NEW = re.compile(r"\s{1,3}(?:yeni\s{1,3})?")
# between a post and the person it introduces: space, or a few words (a degree, a rank)
_POST_TO_NEXT = re.compile(r"\s{1,3}(?:[^\W\d_]+\s{1,3}){0,4}")
_ADVERBS = re.compile(r"\s+(?:(?:bundan|ondan)\s+(?:əvvəl|öncə)|isə|də|da|həmçinin|əvvəllər|indiyədək|"
                      r"hazırda|son\s+illər|həmin|bu)\s+", re.IGNORECASE)
_HELD_POST_LEFT = re.compile(r"\s+(?:tutduğu|indiki|əvvəlki)\s+vəzifə\w*\s+(?:azad|kənarlaşdırıl)", re.IGNORECASE)
_SAME_POST = re.compile(r"\s+(?:(?:həmin|bu)\s+)(vəzifə\w*)", re.IGNORECASE)
_APPOINT = re.compile(r"\btəyin\s+(?:edil|olun|et)", re.IGNORECASE)
_DISMISS = re.compile(r"\b(?:azad\s+(?:edil|olun|et)|kənarlaşdırıl|vəzifəsindən\s+çıxarıl)", re.IGNORECASE)


def _gap(text: str, a: int, b: int) -> str:
    return text[a:b] if a <= b else ""


def _org_head(canonical: str) -> str | None:
    ws = canonical.split()
    if not ws:
        return None
    return ner.lemma_in(az_lower(ws[-1]), ner.lexicon().org_heads)


def _foreign(org: str) -> bool:
    """An organization named after another country ("Almaniya Federal Xarici İşlər Nazirliyi"):
    never the ministry a "xarici işlər naziri" of an Azerbaijani article stands for."""
    first = org.split()[0] if org.split() else ""
    low = az_lower(first)
    if low in ("azərbaycan", "naxçıvan") or not first[:1].isupper():
        return False
    return bool(ner.stems(low) & ner.lexicon().location_keys)


def _title_for(title: str, org: str, doc_titles: set[str]) -> str:
    """"müdir" of a sector -> "sektor müdiri" when the article calls the post that
    ("... sektorunun müdiri Cəsarət Valehov ... sektor müdiri bildirib")."""
    if title in ("müdir", "rəis", "başçı") and org:
        head = _org_head(org)
        if head:
            for cand in (f"{head} {poss3(title)}", f"icra {poss3(title)}" if head == "hakimiyyət" else ""):
                if cand and cand in doc_titles:
                    return cand
    return title


# which organizations a title belongs to, for a title written without one
# ("Rektor Elşad Bağırov" in an article about Bakı Dövlət Universiteti)
_TITLE_ORGS = {
    "nazir": {"nazirlik"}, "rektor": {"universitet", "akademiya", "institut"},
    "prorektor": {"universitet", "akademiya", "institut"}, "dekan": {"universitet", "fakültə"},
    "hakim": {"məhkəmə"}, "prokuror": {"prokurorluq"}, "səfir": {"səfirlik"},
    "baş həkim": {"xəstəxana", "klinika", "poliklinika", "mərkəz"},
    "baş məşqçi": {"komanda", "klub"}, "məşqçi": {"komanda", "klub"},
    "prezident": {"federasiya", "assosiasiya", "şirkət", "konfederasiya", "klub", "korporasiya"},
    "vitse-prezident": {"federasiya", "assosiasiya", "şirkət", "konfederasiya", "klub", "korporasiya"},
    "sədr": {"komitə", "bank", "şura", "agentlik", "assosiasiya", "məhkəmə", "partiya", "birlik",
             "komissiya", "palata", "heyət", "federasiya", "fond"},
    "müdir": {"şöbə", "sektor", "məktəb", "bağça", "kafedra"},
    "rəis": {"idarə", "şöbə", "xidmət", "departament", "baş idarə"},
    "başçı": {"hakimiyyət"},
    "direktor": {"mərkəz", "məktəb", "teatr", "muzey", "qoruq", "şirkət", "agentlik", "institut",
                 "idarə", "fond", "kitabxana", "filarmoniya", "departament", "liman", "zavod", "xidmət"},
    "sözçü": None, "mətbuat katibi": None,
}


def _compatible(title: str, org_head: str | None) -> bool:
    ws = title.split()
    keys = [title, ws[-1] if ws else title, ws[0] if ws else title]
    for k in keys:
        for key in (k, k[:-1] if k.endswith(("i", "ı", "u", "ü")) else k):
            if key in _TITLE_ORGS:
                heads = _TITLE_ORGS[key]
                return heads is None or org_head in heads
    core = ner.strip_possessive(ws[-1]) if ws else ""
    if core in _TITLE_ORGS:
        heads = _TITLE_ORGS[core]
        return heads is None or org_head in heads
    return False


# a past post: "keçmiş/sabiq <title>" before, "... vəzifə(lər)ində çalışıb/işləyib" after
_FORMER_BEFORE = re.compile(r"\b(?:keçmiş|sabiq|əvvəlki)\s+(?:[^\W\d_]+\s+){0,1}$", re.IGNORECASE)
_FORMER_AFTER = re.compile(r"\s+vəzifə(?:lər)?(?:i|ləri)?ndə\s+(?:çalışıb|işləyib|olub)\b", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)-?(?:c[iıuü]|[iıuü]nc[iıuü])?\s+il"
                         # "2012-ci ildən 2024-cü ilə qədər", "... ilədək"
                         r"|(?<!\d)((?:19|20)\d\d)-?(?:c[iıuü]|[iıuü]nc[iıuü])?\s+ildən\s+((?:19|20)\d\d)-?"
                         r"(?:c[iıuü]|[iıuü]nc[iıuü])?\s+(?:ilə\s+qədər|ilədək|ilin)")
_YEAR_SINCE = re.compile(r"(?<!\d)((?:19|20)\d\d)-?(?:c[iıuü]|[iıuü]nc[iıuü])?\s+(?:ildən|ilin\s+\w+\s+ayından)")


def _years(context: str, event: str) -> str:
    """The years a sentence gives for a post: "2015-2019-cu illərdə" -> "2015-2019",
    "2018-ci ildən" -> "2018" (only for a post that is or was held, not for an event)."""
    if event not in ("holds", "former"):
        return ""
    m = _YEAR_RANGE.search(context)
    if m:
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if a < b:
            return f"{a}-{b}"
    m = _YEAR_SINCE.search(context)
    return m.group(1) if m else ""


# "... vəzifələrində çalışıb" (worked as), "... vəzifəsini tutub / icra edib" (held the post):
# `past` set for a post no longer held
_BIO_VERB = re.compile(r"vəzifə(?:si|ləri|lər)?(?:ndə\s+(?:(?P<past>çalışıb|işləyib)|çalışır|işləyir)"
                       r"|ni\s+(?:(?P<past_held>tutub|icra\s+edib|daşıyıb)|tutur|icra\s+edir|daşıyır))\b",
                       re.IGNORECASE)


def _bio_posts(text: str, ms, p: int, end: int) -> list:
    """The posts a biography sentence lists after its subject ms[p], before "vəzifə(lər)ində
    çalışıb": [(group of ORG* + TITLE mentions, event, the text segment of that post)]."""
    person = ms[p][0]
    verb = _BIO_VERB.search(text, person.end, end)
    if verb is None:
        return []
    out, group, seg_start = [], [], person.end
    for m, info in ms[p + 1:]:
        if m.start >= verb.start():
            break
        if m.label == "PERSON":
            return []  # another person in between: not a list of this one's posts
        if m.label == "ORGANIZATION":
            if group and group[-1][0].label == "ORGANIZATION" and not _WS.fullmatch(_gap(text, group[-1][0].end, m.start)):
                group = []
            group.append((m, info))
        elif m.label == "TITLE":
            if group and not _WS.fullmatch(_gap(text, group[-1][0].end, m.start)):
                group = []
            group.append((m, info))
            past = verb.group("past") or verb.group("past_held")
            out.append((group, "former" if past else "holds", text[seg_start:m.end]))
            group, seg_start = [], m.end
    if out and not _SEP.fullmatch(text[out[-1][0][-1][0].end:verb.start()]) \
            and text[out[-1][0][-1][0].end:verb.start()].strip():
        return []  # words other than a separator between the last post and the verb
    return out


def _event(text: str, title: Mention, sent_end: int) -> str:
    m = _NEXT_WORD.match(text, title.end)
    rest = text[title.end:sent_end]
    if m:
        w = az_lower(m.group(1))
        if w.startswith("vəzifəsində") and not w.startswith("vəzifəsindən"):
            return "holds"
        if w.startswith("vəzifəsin") or w.startswith("vəzifəyə"):
            if w.startswith("vəzifəsindən"):
                return "dismissed" if _DISMISS.search(rest) else "holds"
            return "appointed" if _APPOINT.search(rest) else "holds"
        if w in ("təyin",) and _APPOINT.match(rest.strip()):
            return "appointed"
    return "holds"


def extract(text: str, toks, mentions: list[Mention], infos: list[dict]) -> list[Role]:
    ms = [(m, i) for m, i in zip(mentions, infos) if m.label in ("PERSON", "TITLE", "ORGANIZATION", "LOCATION")]
    ms.sort(key=lambda p: p[0].start)
    roles: list[Role] = []
    doc_titles = {m.canonical for m, _ in ms if m.label == "TITLE"}
    orgs_in_doc = [(m.start, m.canonical, _org_head(m.canonical)) for m, _ in ms
                   if m.label == "ORGANIZATION" and m.canonical]

    def sent_start(pos: int) -> int:
        k = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
        return k + 1 if k >= 0 else 0

    def sent_end(pos: int) -> int:
        k = text.find("\n", pos)
        return len(text) if k < 0 else k

    def field_ministry(field: str) -> str:
        name = " ".join(az_capitalize(w) for w in field.split()) + " Nazirliyi"
        name = name.replace(" Və ", " və ")
        # "təhsil nazirinin müşaviri" in an article about "Elm və Təhsil Nazirliyi"
        low = az_lower(field)
        found = ""
        for _, canon, head in orgs_in_doc:
            if head == "nazirlik" and low in az_lower(canon):
                if az_lower(canon) == az_lower(name):
                    return canon
                if not found and not _foreign(canon):
                    found = canon
        return found or name

    def implied_org(title: str, pos: int) -> str:
        """The organization of the article a title without one belongs to."""
        best = ""
        for start, canon, head in orgs_in_doc:
            if start > pos:
                break
            if _compatible(title, head):
                best = canon
        return best

    parents: dict[str, str] = {}  # organization -> what it belongs to, as the article says

    def parent_of(org: str, chain_orgs: list[Mention], pos: int) -> str:
        """The genitive chain's previous organization ("Təhsil Nazirliyinin İctimaiyyətlə
        əlaqələr sektorunun"); for a sub-unit named alone, the parent given earlier in the
        article, else the nearest earlier body that is not itself a sub-unit."""
        if len(chain_orgs) >= 2:
            return chain_orgs[-2].canonical
        if not org or _org_head(org) not in _SUBUNIT_HEADS:
            return ""
        if org in parents:
            return parents[org]
        best = ""
        for start, canon, head in orgs_in_doc:
            if start > pos:
                break
            if head and head not in _SUBUNIT_HEADS and canon != org:
                best = canon
        return best

    def _foreign_before(title: Mention) -> bool:
        """A country other than Azerbaijan written just before the post ("Ukrayna deputatı")."""
        for m, _ in ms:
            if m.label == "LOCATION" and m.end <= title.start and _WS.fullmatch(_gap(text, m.end, title.start)):
                return az_lower(m.canonical) != "azərbaycan"
        return False

    def make(person: Mention, group: list[tuple[Mention, dict]]):
        title, tinfo = group[-1]
        orgs = [m for m, _ in group[:-1] if m.label == "ORGANIZATION"]
        org = orgs[-1].canonical if orgs else ""
        if not org and tinfo.get("field_text"):
            org = field_ministry(tinfo["field_text"])
        if not org and "Prezident" not in title.canonical:
            org = implied_org(title.canonical, title.start)
        if not org and az_lower(title.canonical) in _MP_TITLES and not _foreign_before(title):
            org = "Milli Məclis"  # an Azerbaijani member of parliament (docs/ANNOTATION.md)
        t = _title_for(title.canonical, org, doc_titles)
        ev = _event(text, title, sent_end(title.end))
        if ev == "holds" and title.end <= person.start and _HELD_POST_LEFT.match(text, person.end):
            ev = "dismissed"  # "... rəisi Nazim Əkbərov tutduğu vəzifədən azad edilib"
        start = group[0][0].start
        if ev == "holds" and (_FORMER_BEFORE.search(text, max(0, start - 12), start)
                              or _FORMER_AFTER.match(text, title.end)):
            ev = "former"  # "keçmiş nazir", "... direktoru vəzifəsində çalışıb"
        years = _years(text[sent_start(start):start] + " " + text[title.end:sent_end(title.end)], ev)
        if not person.canonical or not t:
            return
        parent = parent_of(org, orgs, title.start)
        if org and parent:
            parents.setdefault(org, parent)
        roles.append(Role(person=person.canonical, title=t, organization=org, event=ev,
                          sentence=person.sentence, parent=parent, years=years))

    for p, (person, _pinfo) in enumerate(ms):
        if person.label != "PERSON":
            continue
        # before the name
        chain: list[tuple[Mention, dict]] = []
        boundary = person.start
        k = p - 1
        while k >= 0:
            m, info = ms[k]
            gap = _gap(text, m.end, boundary)
            if m.label in ("TITLE", "ORGANIZATION") and _WS.fullmatch(gap):
                chain.append((m, info))
            elif m.label == "TITLE" and not chain and _POST_GAP.fullmatch(gap):
                # "Məktəbin yeni direktoru vəzifəsinə Samirə Hüseynli təyin olunub", "səfiri cənab Tomasz Nowak"
                chain.append((m, info))
            elif m.label == "ORGANIZATION" and info.get("quoted") and chain and _QUOTED_GAP.fullmatch(gap):
                chain.append((m, info))  # "Abşeron Tikinti" MMC-nin keçmiş direktoru
            elif m.label == "TITLE" and chain and _SEP.fullmatch(gap):
                chain.append((m, info))
            else:
                break
            boundary = m.start
            k -= 1
        chain.reverse()
        groups = _groups(chain)
        # after the name: apposition, or an ORG/TITLE group before "vəzifəsinə/-dən"
        k = p + 1
        after: list[tuple[Mention, dict]] = []
        boundary = person.end
        first = True
        while k < len(ms):
            m, info = ms[k]
            gap = _gap(text, boundary, m.start)
            if (m.label == "LOCATION" and first and _WS.fullmatch(gap) and k + 1 < len(ms)
                    and ms[k + 1][0].label == "TITLE" and ner._is_genitive(az_lower(m.text))):
                # "Fridrix Merz Almaniyanın yeni kansleri olub": the country owns the post, it is
                # no organization
                boundary = m.end
                k += 1
                gap = _gap(text, boundary, ms[k][0].start)
                if not _NEW.fullmatch(gap):
                    break
                m, info = ms[k]
                gap = " "
            if m.label not in ("TITLE", "ORGANIZATION"):
                break
            if first:
                if not (_APPO.fullmatch(gap) or _WS.fullmatch(gap) or _ADVERBS.fullmatch(gap)):
                    break
            elif not _WS.fullmatch(gap):
                break
            after.append((m, info))
            boundary = m.end
            first = False
            k += 1
            if m.label == "TITLE":
                break
        if after and after[-1][0].label == "TITLE":
            gap0 = _gap(text, person.end, after[0][0].start)
            post = _NEXT_WORD.match(text, after[-1][0].end)
            post_w = az_lower(post.group(1)) if post else ""
            nxt = ms[k][0] if k < len(ms) else None
            introduces_next = (nxt is not None and nxt.label == "PERSON"
                               and _POST_TO_NEXT.fullmatch(_gap(text, after[-1][0].end, nxt.start)))
            if (_APPO.fullmatch(gap0) or post_w.startswith("vəzifə") or post_w in _BECAME) and not introduces_next:
                # (", Milli Məclisin ... komitəsinin sədri Hicran Hüseynova": that post is the
                # next person's)
                groups.append(after)
        # a biography: "<person> 2015-2019-cu illərdə <org> <title>, <org> <title> vəzifələrində
        # çalışıb": every post listed before the verb is the subject's, past (or, with "çalışır",
        # held now)
        if not groups:
            bio = _bio_posts(text, ms, p, sent_end(person.end))
            for grp, event, seg in bio:
                make(person, grp)
                if roles and roles[-1].person == person.canonical:
                    roles[-1].event = event
                    roles[-1].years = _years(seg, event)
            if bio:
                continue
        # "Fərid Əlizadə həmin vəzifədən azad olunub": the post of the previous role
        if not groups and roles:
            m = _SAME_POST.match(text, person.end)
            if m:
                rest = text[m.end():sent_end(m.end())]
                last = roles[-1]
                if az_lower(m.group(1)).startswith("vəzifədən") and _DISMISS.search(rest):
                    roles.append(Role(person.canonical, last.title, last.organization, "dismissed",
                                      person.sentence, last.parent))
                elif _APPOINT.search(rest):
                    roles.append(Role(person.canonical, last.title, last.organization, "appointed",
                                      person.sentence, last.parent))
        for g in groups:
            make(person, g)

    roles.extend(_listed_roles(text, ms, roles))
    # a bare later title with no org repeats a role already known: drop it
    out: list[Role] = []
    for r in roles:
        if not r.organization and any(o.person == r.person and o.title == r.title and o.organization
                                      for o in roles):
            continue
        out.append(r)
    return out


_LIST_HEADER = re.compile(r"\b(?P<verb>təyin|azad)\s+(?:edil|olun)\w*\s*:\s*$", re.IGNORECASE)
_LINE = re.compile(r"[^\n]+")


def _listed_roles(text: str, ms: list[tuple[Mention, dict]], found: list[Role]) -> list[Role]:
    """A decree that lists whom it appoints (or dismisses) line by line: a header ending in
    "... hakimləri təyin ediliblər:" names the post, then each line that is only an
    organization's name sets the organization for the lines of names below it, and each line
    that is only a person's name is one role. Sub-headings ("... məhkəmələri üzrə:") are
    skipped; any other line ends the list."""
    lex = ner.lexicon()
    out: list[Role] = []
    have = {(r.person, r.title, r.organization) for r in found}
    post = event = org = None
    k = 0
    for line in _LINE.finditer(text):
        a, b = line.start(), line.end()
        body = line.group(0).strip()
        if not body:
            continue
        if post is None:
            head = _LIST_HEADER.search(body)
            if head:
                words = re.findall(r"[^\W\d_]+", body[:head.start()])
                post = next((t for w in reversed(words) if (t := ner._is_title_word(az_lower(w), lex))), None)
                event = "appointed" if az_lower(head.group("verb")) == "təyin" else "dismissed"
                org = ""
            continue
        while k < len(ms) and ms[k][0].end <= a:
            k += 1
        inside = []
        j = k
        while j < len(ms) and ms[j][0].start < b:
            inside.append(ms[j][0])
            j += 1
        whole = (len(inside) == 1 and not text[a:inside[0].start].strip()
                 and not text[inside[0].end:b].strip(" .;,"))
        if whole and inside[0].label == "ORGANIZATION":
            org = inside[0].canonical
        elif whole and inside[0].label == "PERSON" and inside[0].canonical:
            key = (inside[0].canonical, post, org)
            if key not in have:
                have.add(key)
                out.append(Role(inside[0].canonical, post, org, event, inside[0].sentence))
        elif not body.endswith(":"):
            post = None  # the list has ended
    return out


def _groups(chain: list[tuple[Mention, dict]]) -> list[list[tuple[Mention, dict]]]:
    groups: list[list[tuple[Mention, dict]]] = []
    cur: list[tuple[Mention, dict]] = []
    for k, (m, info) in enumerate(chain):
        if m.label == "TITLE" and k + 1 < len(chain) and chain[k + 1][0].label == "TITLE" \
                and ner._is_genitive(az_lower(m.text)):
            continue  # "Prezidentin | milli təhlükəsizlik üzrə məsləhətçisi": whose adviser, no post
        cur.append((m, info))
        if m.label == "TITLE":
            groups.append(cur)
            cur = []
    return groups

