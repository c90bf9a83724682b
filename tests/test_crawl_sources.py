"""The source registry: crawler/sources.toml loads, validates with one-line errors,
looks sources up by name and host, and re-bases a source on another server."""
import pytest

from aznews.crawler.sources import SourceError, get_source, load_sources, source_for_url, with_base_url

REQUIRED = ["bayraqdar", "edu.gov.az", "president.az", "apa.az", "report.az", "azertag.az", "az.trend.az",
            "oxu.az", "qafqazinfo.az", "modern.az", "musavat.com"]


def test_registry_loads():
    sources = load_sources()
    names = [s["name"] for s in sources]
    assert len(sources) >= 25
    assert names[0] == "bayraqdar"
    for n in REQUIRED:
        assert n in names
    b = sources[0]
    assert [d["method"] for d in b["discovery"]] == ["wp-json", "feed", "sitemap", "listing"]
    assert b["extract"]["title"] and b["extract"]["body"]
    for s in sources:
        assert s["discovery"] and s["languages"]


def test_lookup():
    assert get_source("bayraqdar")["base_url"] == "https://bayraqdar.info"
    assert get_source("www.report.az")["name"] == "report.az"
    assert get_source("https://bayraqdar.info/2021/12/17/x/")["name"] == "bayraqdar"
    assert get_source("news.day.az")["name"] == "day.az"
    with pytest.raises(SourceError, match="unknown source 'nosuch.example'"):
        get_source("nosuch.example")


def test_source_for_url():
    # a listed site's home page is the listed source, with its own discovery
    assert source_for_url("https://www.bayraqdar.info/") == get_source("bayraqdar")
    # another URL of a listed site: discovery from that URL, the site's name and hints
    feed = source_for_url("https://bayraqdar.info/feed/")
    assert feed["name"] == "bayraqdar" and feed["extract"] == get_source("bayraqdar")["extract"]
    assert feed["discovery"] == [{"method": "auto", "url": "https://bayraqdar.info/feed/"}]
    # a site the registry does not list: named by its host (and port), no hints
    other = source_for_url("http://www.xeber.example.az:8080/rss?lang=az#top")
    assert other["name"] == "xeber.example.az-8080" and other["extract"] == {}
    assert other["base_url"] == "http://www.xeber.example.az:8080"
    assert other["discovery"] == [{"method": "auto", "url": "http://www.xeber.example.az:8080/rss?lang=az"}]
    with pytest.raises(SourceError, match="not an http"):
        source_for_url("ftp://xeber.example.az/")


def test_with_base_url_keeps_everything_else():
    src = get_source("bayraqdar")
    src["discovery"].append({"method": "sitemap", "urls": ["https://bayraqdar.info/extra.xml"]})
    local = with_base_url(src, "http://127.0.0.1:8123/")
    assert local["base_url"] == "http://127.0.0.1:8123"
    assert local["discovery"][-1]["urls"] == ["http://127.0.0.1:8123/extra.xml"]
    assert local["extract"] == src["extract"] and local["name"] == "bayraqdar"
    assert src["base_url"] == "https://bayraqdar.info"  # a copy


@pytest.mark.parametrize("body, message", [
    ('[[source]]\nname = "x"\nbase_url = "ftp://x"\nlanguages = ["az"]\ndiscovery = [{method = "feed", urls = ["/f"]}]\n',
     "source 'x': field 'base_url'"),
    ('[[source]]\nname = "x"\nbase_url = "https://x.az"\nlanguages = ["de"]\ndiscovery = [{method = "feed", urls = ["/f"]}]\n',
     "source 'x': field 'languages'"),
    ('[[source]]\nname = "x"\nbase_url = "https://x.az"\nlanguages = ["az"]\ndiscovery = [{method = "ftp"}]\n',
     "source 'x': field 'discovery[0]'"),
    ('[[source]]\nname = "x"\nbase_url = "https://x.az"\nlanguages = ["az"]\ndiscovery = [{method = "listing", url = "/", pagination = "/p/"}]\n',
     "source 'x': field 'discovery[0].pagination'"),
    ('[[source]]\nname = "x"\nbase_url = "https://x.az"\nlanguages = ["az"]\ndiscovery = [{method = "wp-json"}]\n'
     '[source.extract]\ntitel = "h1"\n', "source 'x': field 'extract.titel'"),
    ('[[source]]\nbase_url = "https://x.az"\n', "source '#1': field 'name'"),
    ('[[source]\n', "invalid TOML"),
])
def test_validation_errors_are_one_line(tmp_path, body, message):
    f = tmp_path / "bad.toml"
    f.write_text(body)
    with pytest.raises(SourceError) as exc:
        load_sources(f)
    text = str(exc.value)
    assert message in text and str(f) in text and "\n" not in text


def test_duplicate_names(tmp_path):
    entry = '[[source]]\nname = "x"\nbase_url = "https://x.az"\nlanguages = ["az"]\ndiscovery = [{method = "wp-json"}]\n'
    f = tmp_path / "dup.toml"
    f.write_text(entry + entry)
    with pytest.raises(SourceError, match="duplicate name"):
        load_sources(f)
