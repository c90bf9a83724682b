"""Static word vectors for the NER model, without an Azerbaijani corpus.

Each word gets
  * HASH_DIM dimensions: the mean of fixed random vectors of its character 3-5-grams
    (fastText-style subwords, "<" and ">" mark the word's ends) plus one for the whole
    word, unit length -- words sharing stems and endings ("-ov", "-zadə", "-liyinin",
    "-çisi") get similar vectors;
  * 6 feature dimensions: is a given name, is a surname, is a post word, is an
    organization head word, is a place, log corpus frequency (scaled to 0..1).

Vocabulary: the most frequent words of the LocalDoc frequency list, the given names,
and the words of the generated training corpus, up to `size` entries.

Stanza looks words up after Python's str.lower() ("İ" -> "i̇", "I" -> "i"), while the
vocabulary is in Azerbaijani lower case (nlp.text.az_lower). So every word is also
written under the key Stanza computes for its capitalized spelling (and, for the most
frequent words, for its upper-case spelling) with the same vector: "İctimaiyyətlə"
finds the vector of "ictimaiyyətlə".
"""
from __future__ import annotations

import math
import zlib
from pathlib import Path

import numpy as np

from aznews.nlp.text import az_capitalize, az_lower, az_upper
from aznews.nlp.training import lists

HASH_DIM = 58
FEATURES = ("given", "surname", "post", "org_head", "place", "logfreq")
DIM = HASH_DIM + len(FEATURES)
BUCKETS = 1 << 18


def _ngrams(word: str):
    w = f"<{word}>"
    for n in (3, 4, 5):
        for i in range(len(w) - n + 1):
            yield w[i : i + n]
    yield "w:" + w


def _hash(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) % BUCKETS


def frequency_list(limit: int | None = None) -> list[tuple[str, int]]:
    out = []
    for i, line in enumerate((lists.DATA / "az-word-frequency-80k.txt").read_text(encoding="utf-8").splitlines()):
        if limit and i >= limit:
            break
        w, _, c = line.partition(" ")
        if w and c.strip().isdigit():
            out.append((w, int(c)))
    return out


def _lexicon_sets():
    given, sur = lists.name_list()
    import json

    fk = json.loads((lists.DATA / "faker_az.json").read_text(encoding="utf-8"))
    given_set = {az_lower(x.strip()) for x in list(given) + fk["first_names_male"] + fk["first_names_female"]}
    sur_set = {az_lower(x.strip()) for x in list(sur) + fk["last_names_male"] + fk["last_names_female"]}
    low, upper = lists.titles()
    post = {az_lower(w) for t in low for w in t.words} | {az_lower(w) for t in upper for w in t.split()}
    post |= {"nazir", "naziri", "müavini", "müşaviri", "köməkçisi", "müdiri", "sədri", "rektoru", "direktoru", "başçısı"}
    heads = set()
    for line in (lists.DATA / "organizations.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name = line.split("\t")[0].split()
            heads.add(az_lower(name[-1].rstrip("+")))
    heads |= {"nazirlik", "nazirliyi", "komitə", "komitəsi", "agentlik", "agentliyi", "universitet", "universiteti",
              "asc", "mmc", "qsc", "xidməti", "şirkəti", "bankı", "fondu", "idarəsi", "şöbəsi", "sektoru", "mərkəzi"}
    places = set()
    for x in (lists.DATA / "places.txt").read_text(encoding="utf-8").splitlines():
        if x and not x.startswith("#"):
            places |= {az_lower(w) for w in x.split()}
    for key in ("cities", "districts", "villages", "countries"):
        for x in fk[key]:
            places |= {az_lower(w) for w in x.split()}
    return given_set, sur_set, post, heads, places


def build_vocab(corpus_words=(), size: int = 40000, top_frequent: int = 25000) -> list[str]:
    """Azerbaijani lower-case vocabulary, most useful first, without duplicates."""
    seen: dict[str, None] = {}
    for w, _ in frequency_list(top_frequent):
        seen.setdefault(w, None)
    given_set, *_ = _lexicon_sets()
    for w in sorted(given_set):
        if len(seen) >= size * 0.8:
            break
        seen.setdefault(w, None)
    for w in corpus_words:
        if len(seen) >= size:
            break
        w = az_lower(w)
        if any(ch.isalpha() for ch in w):
            seen.setdefault(w, None)
    return list(seen)[:size]


def embed(vocab: list[str], seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    table = rng.standard_normal((BUCKETS, HASH_DIM), dtype=np.float32)
    freq = dict(frequency_list())
    maxlog = math.log1p(max(freq.values()) if freq else 1)
    given_set, sur_set, post, heads, places = _lexicon_sets()
    out = np.zeros((len(vocab), DIM), dtype=np.float32)
    for i, w in enumerate(vocab):
        idx = [_hash(g) for g in _ngrams(w)]
        v = table[idx].mean(axis=0)
        v /= np.linalg.norm(v) + 1e-8
        out[i, :HASH_DIM] = v
        out[i, HASH_DIM:] = [
            w in given_set, w in sur_set, w in post, w in heads, w in places,
            math.log1p(freq.get(w, 0)) / maxlog,
        ]
    out[:, HASH_DIM:] *= 0.5
    return out


def stanza_keys(word: str, upper_too: bool) -> list[str]:
    """The keys under which Stanza (str.lower) will look up this Azerbaijani lower-case word."""
    keys = [word, az_capitalize(word).lower()]
    if upper_too:
        keys.append(az_upper(word).lower())
    out = []
    for k in keys:
        if k not in out:
            out.append(k)
    return out


def write_vectors(vocab: list[str], vectors: np.ndarray, path: Path, upper_aliases: int = 5000) -> int:
    """word2vec text file; genuine words first, then Stanza-lowercase aliases. Returns rows written."""
    rows: dict[str, int] = {}
    for i, w in enumerate(vocab):
        rows.setdefault(w, i)
    for i, w in enumerate(vocab):
        for k in stanza_keys(w, i < upper_aliases)[1:]:
            rows.setdefault(k, i)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"{len(rows)} {vectors.shape[1]}\n")
        for k, i in rows.items():
            if any(c.isspace() for c in k):
                continue
            f.write(k + " " + " ".join(f"{x:.4f}" for x in vectors[i]) + "\n")
    return len(rows)


def build_pretrain(corpus_words, work: Path, size: int = 40000) -> Path:
    """Vocabulary -> vectors.txt -> az.pretrain.pt (Stanza's format). Returns the .pt path."""
    from stanza.models.common.pretrain import Pretrain

    vocab = build_vocab(corpus_words, size=size)
    vecs = embed(vocab)
    txt = work / "vectors.txt"
    n = write_vectors(vocab, vecs, txt)
    pt = work / "az.pretrain.pt"
    if pt.exists():
        pt.unlink()
    Pretrain(str(pt), str(txt), max_vocab=n + 10).load()
    return pt
