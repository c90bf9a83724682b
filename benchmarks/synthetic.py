"""Seeded synthetic dataset rows, shaped like the aznews pipeline's output.

The same seed gives the same rows on every run. Articles come in crawl order:
one source at a time, chronologically, so a batch touches one or two
source/year/month partitions, as a real crawl does.

    from synthetic import batches
    for articles, mentions, roles, dates in batches(100_000, batch_size=1000):
        ds.write(articles, mentions, roles, dates)
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from aznews.pipelines.dataset import schema

SOURCES = ["bayraqdar", "apa", "report", "azertac", "oxu", "modern", "qafqazinfo", "trend", "musavat", "milli"]
MINISTRIES = [
    "Təhsil Nazirliyi",
    "Elm və Təhsil Nazirliyi",
    "Səhiyyə Nazirliyi",
    "Xarici İşlər Nazirliyi",
    "Maliyyə Nazirliyi",
    "İqtisadiyyat Nazirliyi",
    "Mədəniyyət Nazirliyi",
    "Energetika Nazirliyi",
    "Kənd Təsərrüfatı Nazirliyi",
    "Ədliyyə Nazirliyi",
]
OTHER_ORGS = ["Milli Məclis", "Prezident Administrasiyası", "Bakı Dövlət Universiteti", "SOCAR", "Mərkəzi Bank"]
GIVEN = ["Billurə", "Elnur", "Cəsarət", "Aygün", "Rəşad", "Leyla", "Orxan", "Nigar", "İlham", "Səbinə", "Tural", "Günel"]
SURNAMES = ["Hacızadə", "Nəsibov", "Valehov", "Məmmədova", "Əliyev", "Hüseynova", "Quliyev", "İsmayılova", "Kərimov", "Babayeva"]
TITLES = ["baş məsləhətçi", "nazir müşaviri", "sektor müdiri", "nazir müavini", "nazir", "mətbuat katibi"]
PLACES = ["Bakı", "Gəncə", "Sumqayıt", "Şəki", "Lənkəran", "Naxçıvan"]
WORDS = "görüş keçirilib bildirib qeyd edib təqdimat layihə əməkdaşlıq tədbir məlumat verilib ictimaiyyət hədəf".split()


def batches(n_articles: int, batch_size: int = 1000, mentions_per_article: int = 10, seed: int = 20211217,
            start: datetime = datetime(2020, 1, 1, tzinfo=timezone.utc), months: int = 24):
    """Yield (articles, mentions, roles, dates) lists of row dicts, batch by batch."""
    rng = random.Random(seed)
    per_source = n_articles // len(SOURCES)
    span = timedelta(days=30.4 * months)
    people = [f"{g} {s}" for g in GIVEN for s in SURNAMES]
    fetched = datetime(2026, 1, 1, tzinfo=timezone.utc)
    batch: tuple[list, list, list, list] = ([], [], [], [])
    n = 0
    for si, source in enumerate(SOURCES):
        count = per_source + (1 if si < n_articles - per_source * len(SOURCES) else 0)
        step = span / max(1, count)
        for k in range(count):
            published = start + step * k + timedelta(minutes=rng.randrange(0, 600))
            url = f"https://{source}.example.az/xeber/{k}"
            title = f"{rng.choice(MINISTRIES)} {rng.choice(WORDS)} {k}"
            body = " ".join(rng.choice(WORDS) for _ in range(60))
            aid = schema.article_id(url)
            arts, ments, rols, dats = batch
            arts.append({
                "article_id": aid, "url": url, "canonical_url": url, "source": source, "language": "az",
                "title": title, "author": None, "published_at": published,
                "published_at_local": published.astimezone(timezone(timedelta(hours=4))).isoformat(),
                "modified_at": None, "fetched_at": fetched, "body": body,
                "categories": ["Cəmiyyət"], "tags": [], "word_count": 60,
                "content_hash": schema.content_hash(title, body), "extraction_method": "selectors",
                "nlp_status": "analyzed", "crawl_id": "synthetic",
            })
            person = rng.choice(people)
            ministry = rng.choice(MINISTRIES)
            for j in range(mentions_per_article):
                r = rng.random()
                if r < 0.35:
                    label, canonical = "ORGANIZATION", rng.choice(MINISTRIES) if rng.random() < 0.8 else rng.choice(OTHER_ORGS)
                elif r < 0.65:
                    label, canonical = "PERSON", person if rng.random() < 0.5 else rng.choice(people)
                elif r < 0.85:
                    label, canonical = "TITLE", rng.choice(TITLES)
                else:
                    label, canonical = "LOCATION", rng.choice(PLACES)
                ments.append({
                    "article_id": aid, "sentence": j // 3, "start": j * 20, "end": j * 20 + len(canonical),
                    "text": canonical, "label": label, "canonical": canonical,
                    "entity_id": schema.entity_id(label, canonical), "method": "model", "score": 0.9,
                    "published_at": published,
                })
            rols.append({
                "article_id": aid, "person": person, "title": rng.choice(TITLES), "organization": ministry,
                "event": rng.choice(["holds", "holds", "appointed", "dismissed"]), "sentence": 0,
                "published_at": published,
            })
            d = published.date()
            dats.append({
                "article_id": aid, "sentence": 0, "start": 0, "end": 10, "text": d.isoformat(),
                "value": d.isoformat(), "precision": "day", "end_value": None,
            })
            n += 1
            if len(arts) >= batch_size:
                yield batch
                batch = ([], [], [], [])
    if batch[0]:
        yield batch
