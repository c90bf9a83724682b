"""The article item: what a spider yields and the pipelines stage consumes."""
import scrapy


class ArticleItem(scrapy.Item):
    url = scrapy.Field()  # the URL fetched
    canonical_url = scrapy.Field()  # <link rel=canonical>, og:url, or the URL without tracking parameters
    source = scrapy.Field()  # source registry name
    language = scrapy.Field()  # az, ru, en, tr, und
    title = scrapy.Field()
    author = scrapy.Field()
    published_at = scrapy.Field()  # ISO 8601 string with offset, e.g. "2021-12-17T11:15:00+04:00", or None
    modified_at = scrapy.Field()  # same form, or None
    fetched_at = scrapy.Field()  # ISO 8601 UTC
    body = scrapy.Field()  # plain text, paragraphs separated by "\n\n"
    categories = scrapy.Field()  # list[str]
    tags = scrapy.Field()  # list[str]
    extraction_method = scrapy.Field()  # wp-json, json-ld, opengraph+selectors, selectors, trafilatura
    crawl_id = scrapy.Field()
