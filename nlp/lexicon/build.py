"""Rebuild the derived lexicon files from the shared sources (development time only).

    python -m aznews.nlp.lexicon.build [--shared ../shared]

Writes, next to this module:
  az-words.txt  the 80k frequency list, words only, most frequent first
  stems.txt     words the corpus shows as nominatives (see `derive_stems`)

The installed package never runs this; it reads the files it wrote.
"""
from __future__ import annotations

import argparse
from pathlib import Path

HERE = Path(__file__).resolve().parent


def read_frequencies(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit():
                counts.setdefault(parts[0], int(parts[1]))
    return counts


def _looks_genitive(word: str, counts: dict[str, int]) -> bool:
    """"nazirin" = "nazir" + genitive: its own "case forms" ("nazirinə", "nazirində") are the
    possessive forms of "nazir", so they prove nothing."""
    from aznews.nlp.morph import _suffix

    for cut in (2, 3):
        stem = word[:-cut]
        cands = [stem]
        if stem[-1:] in ("y", "ğ"):
            cands.append(stem[:-1] + ("k" if stem[-1] == "y" else "q"))
        for c in cands:
            if len(c) >= 2 and c in counts and stem + _suffix(c, "gen", False, False) == word:
                return True
    return False


def inflected_names(names: list[str], gendered: set[str]) -> list[str]:
    """Entries of the name list that are a case form of another name, place or corpus stem
    ("Anara" = "Anar" + dative, "Şərqin"): they must not block stripping. Names of the curated
    gendered list stay ("Adilə")."""
    from aznews.nlp import lexicon
    from aznews.nlp.morph import _parses
    from aznews.nlp.text import az_lower

    out = []
    for name in names:
        if name in gendered:
            continue
        for p in _parses(name):
            if p.plural or p.case in ("nom", "acc", "ins"):
                continue  # "Alı", "Azəri", "Abdulla": names that end like -ı or -la
            if len(p.suffix) < 2 and not (p.case == "dat" and az_lower(p.stem) in lexicon._location_keys()):
                continue
            low = az_lower(p.stem)
            # A name on a name is a name ("Hamidə", "Kamilə"); a name on a place or a common
            # word is a case form ("Parisə", "Şərqin").
            if low in lexicon.stems() or low in lexicon._location_keys():
                out.append(name)
                break
    return out


_NAMES_SET: dict[int, set] = {}


def names_set(names: list[str]) -> set:
    key = id(names)
    if key not in _NAMES_SET:
        _NAMES_SET[key] = set(names)
    return _NAMES_SET[key]


def derive_stems(counts: dict[str, int], min_forms: int = 3, min_ratio: float = 0.03) -> list[str]:
    """A word is a stem when at least `min_forms` of its distinguishing case forms occur in the
    corpus and together they are not rare next to the word itself.

    Distinguishing forms are those a possessive or other inflected word cannot also produce:
    dative, locative, ablative, instrumental and plural (genitive and accusative too after a
    consonant). "gəncə" has "gəncəyə", "gəncədə", "gəncədən"; "nazirliyi" has no
    "nazirliyidə", so it is not a stem; "nazirin" has only rare "nazirinə" (2nd person), so
    the ratio keeps it out.
    """
    from aznews.nlp.morph import _suffix

    out = []
    for word, n in counts.items():
        if len(word) < 2 or not word.isalpha():
            continue
        vowel_end = word[-1] in "aıoueəiöü"
        if _looks_genitive(word, counts):
            continue
        cases = ["dat", "loc", "abl", "ins"] + ([] if vowel_end else ["gen", "acc"])
        forms = [word + _suffix(word, c, False, False) for c in cases]
        forms.append(word + _suffix(word, "nom", False, True))
        if word[-1] in "kq" and not vowel_end:
            # the alternating stem: "çörəyə"
            alt = word[:-1] + ("y" if word[-1] == "k" else "ğ")
            forms += [alt + _suffix(word, c, False, False) for c in ("dat", "gen", "acc")]
        found = [counts[f] for f in forms if f in counts]
        if len(found) >= min_forms and sum(found) >= min_ratio * n:
            out.append(word)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(HERE.parents[2] / "shared"))
    args = ap.parse_args(argv)
    src = Path(args.shared) / "data" / "lexicon" / "az-word-frequency-80k.txt"
    counts = read_frequencies(src)
    (HERE / "az-words.txt").write_text("\n".join(counts) + "\n", encoding="utf-8")
    stems = derive_stems(counts)
    (HERE / "stems.txt").write_text("\n".join(sorted(stems)) + "\n", encoding="utf-8")
    from aznews.nlp import lexicon

    lexicon.stems.cache_clear()
    names = list(lexicon._name_list())
    gendered = set(lexicon._gendered())
    bad = inflected_names(names, gendered)
    (HERE / "names-inflected.txt").write_text(
        "# entries of az-given-and-surnames.csv that are case forms of other words (build.py)\n"
        + "\n".join(bad) + "\n", encoding="utf-8")
    print(f"az-words.txt: {len(counts)} words; stems.txt: {len(stems)} stems; "
          f"names-inflected.txt: {len(bad)} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
