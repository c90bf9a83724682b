"""aznews's own Scrapy signals.

items_committed(items, result): a batch of article items is durable in the dataset
(sent on the reactor thread by the dataset pipeline after its write returned;
`result` is the writer's WriteResult). What may only happen once an article's rows
are safe (marking it seen, acknowledging its request) connects here.
"""

items_committed = object()
