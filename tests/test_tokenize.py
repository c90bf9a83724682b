"""The rule-based Azerbaijani tokenizer, sentence splitter and its Stanza variant."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from aznews.nlp.tokenize import sentence_spans, split_sentences, tokenize

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "bayraqdar-2021-12-17-qurumlararasi-kommunikasiya.txt"


def toks(text):
    sents = tokenize(text)
    for sent in sents:
        for tok, start, end in sent:
            assert text[start:end] == tok, (tok, start, end)
    return [t for sent in sents for t, _, _ in sent]


# (text, expected tokens)
TOKEN_CASES = [
    ("B.Hacızadə bildirib.", ["B.Hacızadə", "bildirib", "."]),
    ("B. Hacızadə bildirib.", ["B.", "Hacızadə", "bildirib", "."]),
    ("H.Ə.Əliyev gəldi", ["H.Ə.Əliyev", "gəldi"]),
    ("İ.Əliyevin sərəncamı", ["İ.Əliyevin", "sərəncamı"]),
    ("2021-ci ildə", ["2021-ci", "ildə"]),
    ("Dekabrın 16-da", ["Dekabrın", "16-da"]),
    ("2022-ci ildə", ["2022-ci", "ildə"]),
    ("sayı 109 mindir.", ["sayı", "109", "mindir", "."]),
    ("157 min 230, izləyici", ["157", "min", "230", ",", "izləyici"]),
    ("187 min 309-dur.", ["187", "min", "309-dur", "."]),
    ("ABŞ-ın mövqeyi", ["ABŞ-ın", "mövqeyi"]),
    ("“Azərsu” ASC-nin", ["“", "Azərsu", "”", "ASC-nin"]),
    ("«Azəriqaz» İB", ["«", "Azəriqaz", "»", "İB"]),
    ("„Bakı” və \"Gəncə\"", ["„", "Bakı", "”", "və", '"', "Gəncə", '"']),
    ("Xəzər'də gəmi", ["Xəzər'də", "gəmi"]),
    ("Xəzər’də gəmi", ["Xəzər’də", "gəmi"]),
    ("'Neftçi' klubu", ["'", "Neftçi", "'", "klubu"]),
    ("sosial-iqtisadi inkişaf", ["sosial-iqtisadi", "inkişaf"]),
    ("Bakı-Tbilisi-Qars dəmir yolu", ["Bakı-Tbilisi-Qars", "dəmir", "yolu"]),
    ("Bayraqdar.info – Dekabrın", ["Bayraqdar.info", "–", "Dekabrın"]),
    ("bu — o", ["bu", "—", "o"]),
    ("bu - o", ["bu", "-", "o"]),
    ("10-11 iyul", ["10", "-", "11", "iyul"]),
    ("bayraqdar.info-ya xəbər", ["bayraqdar.info-ya", "xəbər"]),
    ("Report.az xəbər verir", ["Report.az", "xəbər", "verir"]),
    ("bax: https://report.az/siyaset/xeber-1?id=5&x=2.", ["bax", ":", "https://report.az/siyaset/xeber-1?id=5&x=2", "."]),
    ("(www.president.az)", ["(", "www.president.az", ")"]),
    ("yazın: info@edu.gov.az.", ["yazın", ":", "info@edu.gov.az", "."]),
    ("#Qarabağ və @president_az", ["#Qarabağ", "və", "@president_az"]),
    ("11,5 milyon", ["11,5", "milyon"]),
    ("3.5 faiz", ["3.5", "faiz"]),
    ("1.000.000 manat", ["1.000.000", "manat"]),
    ("16.12.2021 tarixində", ["16.12.2021", "tarixində"]),
    ("16/12/2021 və 2021-12-16", ["16/12/2021", "və", "2021-12-16"]),
    ("saat 11:15-də", ["saat", "11:15-də"]),
    ("5% artıb, %7 azalıb", ["5%", "artıb", ",", "%7", "azalıb"]),
    ("5%-dək", ["5%-dək"]),
    ("gözlədi... sonra…", ["gözlədi", "...", "sonra", "…"]),
    ("Nə?! Bəli!!", ["Nə", "?!", "Bəli", "!!"]),
    ("prof. Əliyev, akad. Məmmədov, dos. Quliyev", ["prof.", "Əliyev", ",", "akad.", "Məmmədov", ",", "dos.", "Quliyev"]),
    ("t.e.d. Həsənov", ["t.e.d.", "Həsənov"]),
    ("kitablar və s. gətirildi", ["kitablar", "və", "s.", "gətirildi"]),
    ("5 mln. manat, 2 mlrd. dollar", ["5", "mln.", "manat", ",", "2", "mlrd.", "dollar"]),
    ("10 km. məsafə", ["10", "km.", "məsafə"]),
    ("No. 5", ["No.", "5"]),
    ("COVID-19 pandemiyası", ["COVID-19", "pandemiyası"]),
    ("2025/2026-cı tədris ili", ["2025", "/", "2026-cı", "tədris", "ili"]),
    ("XİN, DİN, BMT, AMEA, ETN, MMC, QSC", ["XİN", ",", "DİN", ",", "BMT", ",", "AMEA", ",", "ETN", ",", "MMC", ",", "QSC"]),
    ("İSMAYILLI rayonu", ["İSMAYILLI", "rayonu"]),
    ("tez-tez", ["tez-tez"]),
    ("kommu\xadnikasiya\u200b işi, \ufeffBaşlıq", ["kommu\xadnikasiya", "işi", ",", "Başlıq"]),
    ("Ş.Mirziyoyev, R.T.Ərdoğan və Ə.Həsənov-Qarabağlı", ["Ş.Mirziyoyev", ",", "R.T.Ərdoğan", "və", "Ə.Həsənov-Qarabağlı"]),
    ("Qiymət $100, 1,5 mln. ₼", ["Qiymət", "$", "100", ",", "1,5", "mln.", "₼"]),
]


@pytest.mark.parametrize("text,expected", TOKEN_CASES, ids=[c[0][:30] for c in TOKEN_CASES])
def test_tokens(text, expected):
    assert toks(text) == expected


# (text, expected sentence strings)
SENTENCE_CASES = [
    ("B.Hacızadə bildirib ki, iş gedir. Sonra dağıldılar.", ["B.Hacızadə bildirib ki, iş gedir.", "Sonra dağıldılar."]),
    ("Təşəkkür edib B. Hacızadə. O, bildirib.", ["Təşəkkür edib B. Hacızadə.", "O, bildirib."]),
    ("Görüş prof. Əliyevlə keçdi. Sonra akad. Məmmədov danışdı.", ["Görüş prof. Əliyevlə keçdi.", "Sonra akad. Məmmədov danışdı."]),
    ("Tədbir 2021-ci il. Yeni il.", ["Tədbir 2021-ci il.", "Yeni il."]),
    ("Kitablar, dəftərlər və s. gətirilib. Hamı razıdır.", ["Kitablar, dəftərlər və s. gətirilib.", "Hamı razıdır."]),
    ("Kitablar, dəftərlər və s. Hamı razıdır.", ["Kitablar, dəftərlər və s.", "Hamı razıdır."]),
    ("Büdcə 5 mln. AZN təşkil edir. Bu çoxdur.", ["Büdcə 5 mln. AZN təşkil edir.", "Bu çoxdur."]),
    ("“Gəlirəm!” – dedi. “Bəli.” Sonra getdi.", ["“Gəlirəm!” – dedi.", "“Bəli.”", "Sonra getdi."]),
    ("O dedi: “Biz qalib gəldik.” 2021-ci il yaddaqalan oldu.", ["O dedi: “Biz qalib gəldik.”", "2021-ci il yaddaqalan oldu."]),
    ("Nə vaxt? Sabah! Yaxşı… Gözləyərik.", ["Nə vaxt?", "Sabah!", "Yaxşı…", "Gözləyərik."]),
    ("Qiymət 3.5 manat oldu. 16.12.2021 tarixində.", ["Qiymət 3.5 manat oldu.", "16.12.2021 tarixində."]),
    ("Bu barədə bayraqdar.info-ya xəbər verilib. Nazirlik razıdır.", ["Bu barədə bayraqdar.info-ya xəbər verilib.", "Nazirlik razıdır."]),
    ("Başlıq\n\nMətn burada başlayır. İkinci cümlə.", ["Başlıq", "Mətn burada başlayır.", "İkinci cümlə."]),
    ("Birinci abzas sonu\n\nikinci abzas", ["Birinci abzas sonu", "ikinci abzas"]),
    ("Son yeniləmə: 17 Dekabr 2021 11:15\nBayraqdar.info – Dekabrın 16-da görüş keçirilib.",
     ["Son yeniləmə: 17 Dekabr 2021 11:15", "Bayraqdar.info – Dekabrın 16-da görüş keçirilib."]),
    ("Görüş keçirilib və\nBakıda davam edib.", ["Görüş keçirilib və\nBakıda davam edib."]),
    ("Kiçik hərf ilə davam. bu eyni cümlədir.", ["Kiçik hərf ilə davam. bu eyni cümlədir."]),
    ("Bakı ş., Nizami r. Bakıxanov qəs. sakini gəldi.", ["Bakı ş., Nizami r. Bakıxanov qəs. sakini gəldi."]),
    ("Siyahı:\n1. Bakı\n2. Gəncə", ["Siyahı:\n1. Bakı", "2. Gəncə"]),
    ("Eramızdan əvvəl, yəni e.ə. V əsrdə.", ["Eramızdan əvvəl, yəni e.ə. V əsrdə."]),
    ("Ş.Mirziyoyev və R.T.Ərdoğan görüşüb. M.Ə. Rəsulzadə haqqında kitab. Müəllif: R.Əliyev. Son",
     ["Ş.Mirziyoyev və R.T.Ərdoğan görüşüb.", "M.Ə. Rəsulzadə haqqında kitab.", "Müəllif: R.Əliyev.", "Son"]),
    ("Mənbə: Report.az. Bu xəbər vacibdir.", ["Mənbə: Report.az.", "Bu xəbər vacibdir."]),
    ("Mr. Smith və Dr. Brown gəldi. Dos. Əliyev dərs deyir.", ["Mr. Smith və Dr. Brown gəldi.", "Dos. Əliyev dərs deyir."]),
    ("“Nə etməli?” sualı qaldı. “Biz hazırıq”, – o deyib.", ["“Nə etməli?” sualı qaldı.", "“Biz hazırıq”, – o deyib."]),
]


@pytest.mark.parametrize("text,expected", SENTENCE_CASES, ids=[c[0][:30] for c in SENTENCE_CASES])
def test_sentences(text, expected):
    assert split_sentences(text) == expected
    toks(text)  # offsets exact


def test_offsets_and_spans_on_messy_text():
    text = "  Başlıq \r\n\r\n  “Təhsil Nazirliyi” 2021-ci ildə 5%   artım\tgöstərib…  Yeni\u00a0cümlə!\n"
    for (s, e), sent in zip(sentence_spans(text), tokenize(text)):
        assert (s, e) == (sent[0][1], sent[-1][2])
    assert len(tokenize(text)) == 3
    assert toks(text)[0] == "Başlıq"


def test_empty_and_whitespace():
    assert tokenize("") == []
    assert tokenize(" \n\n\t") == []


def test_no_ssplit():
    assert len(tokenize("Bir. İki. Üç.", ssplit=False)) == 1


@pytest.mark.skipif(not SEED.exists(), reason=f"seed text not found at {SEED} (../shared missing)")
def test_seed_press_release():
    text = SEED.read_text(encoding="utf-8")
    sents = tokenize(text)
    words = [t for s in sents for t, _, _ in s]
    for s in sents:
        for tok, a, b in s:
            assert text[a:b] == tok
    # "B.Hacızadə" is one token and starts a sentence that goes on after it
    hits = [(i, j) for i, s in enumerate(sents) for j, t in enumerate(s) if t[0] == "B.Hacızadə"]
    assert len(hits) == 1
    i, j = hits[0]
    assert len(sents[i]) > 10 and sents[i][-1][0] == "."
    assert sents[i][j + 1][0] == "bildirib"
    assert words.count("2021-ci") == 2 and words.count("2022-ci") == 2
    assert "16-da" in words and "bayraqdar.info-ya" in words and "Bayraqdar.info" in words
    assert "B." not in words and "Hacızadə" in words
    # "157 min 230" stays three tokens
    k = words.index("157")
    assert words[k:k + 3] == ["157", "min", "230"]
    sent_texts = [text[s[0][1]:s[-1][2]] for s in sents]
    assert "O, əlaqələrin gücləndirilməsinə ehtiyac olduğunu diqqətə çatdırıb." in sent_texts
    assert sent_texts[3] == "Son yeniləmə: 17 Dekabr 2021 11:15"
    assert len(sents) == 20


def test_stanza_variant_matches(tmp_path):
    stanza = pytest.importorskip("stanza")
    import aznews.nlp.tokenize  # noqa: F401 - registers the variant

    (tmp_path / "resources.json").write_text(json.dumps({}))
    pipe = stanza.Pipeline(lang="az", dir=str(tmp_path), download_method=None, allow_unknown_language=True,
                           processors="tokenize", tokenize_with_aznews=True, logging_level="WARN")
    texts = [c[0] for c in SENTENCE_CASES]
    if SEED.exists():
        texts.append(SEED.read_text(encoding="utf-8"))
    for text in texts:
        doc = pipe(text)
        got = [[(t.text, t.start_char, t.end_char) for t in s.tokens] for s in doc.sentences]
        assert got == tokenize(text)
        for s in doc.sentences:
            assert s.text == text[s.tokens[0].start_char:s.tokens[-1].end_char]
    assert pipe("").sentences == [] and pipe(" \n\n ").sentences == []
    from stanza.models.common.doc import Document

    docs = pipe.bulk_process([Document([], text="Bir. İki."), Document([], text="Üç dörd.")])
    assert [[[t.text for t in s.tokens] for s in d.sentences] for d in docs] == [[["Bir", "."], ["İki", "."]], [["Üç", "dörd", "."]]]
    nossplit = stanza.Pipeline(lang="az", dir=str(tmp_path), download_method=None, allow_unknown_language=True,
                               processors="tokenize", tokenize_with_aznews=True, tokenize_no_ssplit=True,
                               logging_level="WARN")
    assert len(nossplit("Bir. İki. Üç.").sentences) == 1
