"""One crawl, many workers: the frontier and the duplicate filter in Redis.

    aznews crawl bayraqdar --scheduler redis://HOST:6379/0 --out s3://bucket/aznews   # on every machine, N times

`aznews crawl --scheduler URL` runs the usual spider with `RedisScheduler` (a
scrapy-redis scheduler) and `DistributedDatasetPipeline` (the dataset pipeline
that tells the scheduler when items are committed). Every worker process writes
its own part files into the shared dataset (writer id = `--worker-id`, default
host-pid); start, stop and add workers at will.

Redis keys (NS = "aznews:<source names>:<hash of sources, base URLs, --since/--until>",
so different crawls can share one Redis database):

    NS:requests        sorted set: the frontier (scrapy-redis PriorityQueue encoding)
    NS:dupefilter      set: fingerprints of every request ever enqueued in this crawl
    NS:workers         set: registered worker ids
    NS:alive:W         heartbeat of worker W (expires after AZNEWS_REDIS_WORKER_TTL s)
    NS:inflight:W      hash: token -> "score\\nrequest" of the requests W has taken
    NS:seq             token counter

Losing nothing when a worker is killed (SIGKILL, power loss)
-------------------------------------------------------------
scrapy-redis pops a request with no acknowledgement, and its fingerprint stays
in the shared dupefilter: the request would be lost for good. Here the queue is
a reliable queue instead:

* Taking a request moves it atomically (one Lua script) from NS:requests into
  the worker's NS:inflight:W hash.
* It is acknowledged (deleted from the hash) only when it is finished AND its
  output is safe: Scrapy's engine has handled the response completely (callback
  or errback run, every request it produced pushed to Redis, every item handed
  to the item pipeline; a redirect or retry counts once its successor is in the
  queue), and the items are committed to the dataset. Items sit in the
  pipeline's buffer until a batch is handed to its committer thread, so a
  request finished while items are buffered or not yet written is acknowledged
  after the commit of the next batch handed off; the idle worker flushes at
  once. After a failed write nothing more is acknowledged.
* A background thread keeps NS:alive:W fresh (every TTL/4 s, even while NLP
  holds the reactor). Every worker checks every 2 s for registered workers
  whose heartbeat has expired and moves their in-flight requests back into the
  queue. A worker restarted with the same `--worker-id` takes its old
  in-flight requests back at once (worker ids must be unique among running
  workers; the default host-pid is).
* A worker stopped gracefully (Ctrl-C, --max-articles) flushes its items and
  puts whatever it has not finished back into the queue.

So every discovered request is handled to completion at least once. "At least":
a worker killed after committing a batch but before acknowledging it leaves
those requests to be fetched again, and two copies of those articles are
stored. Readers see one version per article (the newest, see
pipelines/dataset.py) and `aznews compact` deletes the other.

A worker that runs out of requests waits while any worker has requests in
flight (they may produce more) and closes when the queue is empty and nothing
is in flight anywhere; the last one to leave a finished crawl deletes the
crawl's keys, so the next `aznews crawl` with the same sources starts a new
crawl. A crawl interrupted with every worker stopped resumes when workers start
again (delete the NS:* keys to drop it instead).

Incremental state: the local sqlite state store (`--state`) records articles
before they are committed, so a killed worker's state would skip articles that
were never stored; distributed crawls do not use it (nor JOBDIR). They fetch
every listed page again and the dataset writer skips unchanged articles; use
--since to bound a re-crawl.

Lua scripts keep the multi-key steps atomic; they name keys that are derived
inside the script, so use a single Redis server (not Redis Cluster).
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import socket
import threading
import time
import weakref


log = logging.getLogger(__name__)

DEFAULT_TTL = 10.0  # seconds without a heartbeat before a worker counts as dead
CHECK_INTERVAL = 2.0  # seconds between checks for dead workers

_POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
local t = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], t, r[2] .. '\\n' .. r[1])
return {t, r[1]}
"""

# KEYS: dupefilter, queue; ARGV: fingerprint ("" = no filter), score, request -> 1 when queued.
# One step, so that no worker ever sees a fingerprint whose request is not yet in the queue.
_PUSH = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

# KEYS: queue, workers; ARGV: ns, then ids whose in-flight requests go back unconditionally
_RECOVER = """
local ns = ARGV[1]
local moved = 0
local dead = {}
local function requeue(w)
  local h = ns .. ':inflight:' .. w
  for _, v in ipairs(redis.call('HVALS', h)) do
    local i = string.find(v, '\\n', 1, true)
    redis.call('ZADD', KEYS[1], string.sub(v, 1, i - 1), string.sub(v, i + 1))
    moved = moved + 1
  end
  redis.call('DEL', h)
end
for i = 2, #ARGV do requeue(ARGV[i]) end
for _, w in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('EXISTS', ns .. ':alive:' .. w) == 0 then
    requeue(w)
    redis.call('SREM', KEYS[2], w)
    table.insert(dead, w)
  end
end
return {moved, dead}
"""

# KEYS: queue, workers; ARGV: ns -> {queued, in flight anywhere}
_STATUS = """
local n = 0
for _, w in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  n = n + redis.call('HLEN', ARGV[1] .. ':inflight:' .. w)
end
return {redis.call('ZCARD', KEYS[1]), n}
"""

# KEYS: queue, workers, dupefilter, seq; ARGV: ns, worker -> 1 when the crawl's keys were deleted
_LEAVE_FINISHED = """
local ns = ARGV[1]
redis.call('SREM', KEYS[2], ARGV[2])
redis.call('DEL', ns .. ':alive:' .. ARGV[2])
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
local others = redis.call('SMEMBERS', KEYS[2])
for _, w in ipairs(others) do
  if redis.call('EXISTS', ns .. ':alive:' .. w) == 1 then return 0 end
  if redis.call('HLEN', ns .. ':inflight:' .. w) > 0 then return 0 end
end
for _, w in ipairs(others) do redis.call('DEL', ns .. ':inflight:' .. w) end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
return 1
"""

_SCHEDULERS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # crawler -> RedisScheduler


def default_worker_id() -> str:
    host = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:20] or "host"
    return f"{host}-{os.getpid()}"


def crawl_namespace(spider) -> str:
    """Redis key prefix of the crawl a spider belongs to: same sources (and base URLs)
    and the same date bounds = the same crawl."""
    sources = getattr(spider, "sources", None) or {spider.name: {}}
    names = sorted(sources)
    ident = repr([(n, (sources[n] or {}).get("base_url")) for n in names]
                 + [getattr(spider, "since", None), getattr(spider, "until", None)])
    digest = hashlib.sha1(ident.encode()).hexdigest()[:10]
    label = re.sub(r"[^A-Za-z0-9._-]", "_", ",".join(names))[:60]
    return f"aznews:{label}:{digest}"


def _scrapy_redis_scheduler():
    from scrapy_redis.scheduler import Scheduler

    return Scheduler


class RedisScheduler(_scrapy_redis_scheduler()):
    """scrapy-redis's scheduler with a reliable queue (see the module docstring)."""

    @classmethod
    def from_crawler(cls, crawler):
        inst = super().from_crawler(crawler)
        s = crawler.settings
        inst.crawler = crawler
        inst.worker_id = s.get("AZNEWS_WRITER_ID") or default_worker_id()
        inst.ttl = max(1.0, s.getfloat("AZNEWS_REDIS_WORKER_TTL", DEFAULT_TTL))
        inst.check_interval = min(CHECK_INTERVAL, inst.ttl / 2)
        inst.pipeline = None
        inst._tokens = {}  # Request -> in-flight token
        inst._done = []  # tokens of finished requests whose items wait in the pipeline buffer
        inst._stop = threading.Event()
        inst._thread = None
        inst._loop = None
        inst._last_check = 0.0
        inst._waiting = False  # idle, but other workers still have requests in flight
        _SCHEDULERS[crawler] = inst
        from scrapy import signals

        crawler.signals.connect(inst._on_idle, signal=signals.spider_idle)
        return inst

    # -- keys
    def _k(self, suffix: str) -> str:
        return f"{self.ns}:{suffix}"

    def open(self, spider):
        self.ns = crawl_namespace(spider)
        self.queue_key = self._k("requests")
        from scrapy_redis.dupefilter import RFPDupeFilter

        self.df = RFPDupeFilter(self.server, key=self._k("dupefilter"),
                                debug=spider.settings.getbool("DUPEFILTER_DEBUG"))
        self._pop = self.server.register_script(_POP)
        self._push = self.server.register_script(_PUSH)
        self._recover_script = self.server.register_script(_RECOVER)
        self._status = self.server.register_script(_STATUS)
        self._leave = self.server.register_script(_LEAVE_FINISHED)
        super().open(spider)
        # the engine calls slot.remove_request(request) once a request is handled completely
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is None or not hasattr(slot, "remove_request"):
            raise RuntimeError("this Scrapy version is not supported by the Redis scheduler")
        original = slot.remove_request

        def remove_request(request, _original=original):
            try:
                _original(request)
            finally:
                self._finished(request)

        slot.remove_request = remove_request
        # a previous process with this worker id is gone: its requests go back first
        moved, dead = self._recover(force=[self.worker_id])
        self._beat()
        log.info("Redis scheduler: worker %s joined crawl %s (%d queued, %d requests of stopped workers re-queued)",
                 self.worker_id, self.ns, len(self.queue), moved)
        self._thread = threading.Thread(target=self._heartbeat, name="aznews-redis-heartbeat", daemon=True)
        self._thread.start()
        from twisted.internet import task

        self._loop = task.LoopingCall(self._tick)
        self._loop.start(0.5, now=False)

    def _beat(self) -> None:
        pipe = self.server.pipeline()
        pipe.set(self._k(f"alive:{self.worker_id}"), str(os.getpid()), px=int(self.ttl * 1000))
        pipe.sadd(self._k("workers"), self.worker_id)
        pipe.execute()

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.ttl / 4):
            try:
                self._beat()
            except Exception as exc:  # Redis briefly away: try again on the next beat
                log.warning("Redis heartbeat failed: %s", exc)

    def _recover(self, force=()) -> tuple[int, list]:
        moved, dead = self._recover_script(keys=[self.queue_key, self._k("workers")],
                                           args=[self.ns, *force])
        dead = [d.decode() if isinstance(d, bytes) else d for d in dead]
        if dead or moved:
            log.warning("Re-queued %d in-flight requests of stopped workers %s", moved,
                        ", ".join(dead) if dead else self.worker_id)
            if self.stats:
                self.stats.inc_value("aznews/redis/requeued", moved)
        return int(moved), dead

    def _tick(self) -> None:
        """Reactor loop: look for dead workers; wake the engine when work has appeared."""
        try:
            now = time.monotonic()
            if now - self._last_check >= self.check_interval:
                self._last_check = now
                self._recover()
            engine = self.crawler.engine
            slot = getattr(engine, "_slot", None)
            if slot is not None and slot.closing is None and not slot.inprogress and (self._waiting or len(self.queue)):
                slot.nextcall.schedule()  # idle: take new requests, or check again whether the crawl is over
        except Exception as exc:
            log.warning("Redis scheduler check failed: %s", exc)

    # -- queue
    def enqueue_request(self, request):
        fp = "" if request.dont_filter else self.df.request_fingerprint(request)
        if not self._push(keys=[self.df.key, self.queue_key],
                          args=[fp, -request.priority, self.queue._encode_request(request)]):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self):
        res = self._pop(keys=[self.queue_key, self._k(f"inflight:{self.worker_id}"), self._k("seq")])
        if not res:
            return None
        token, data = res
        request = self.queue._decode_request(data)
        self._tokens[request] = token
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def _finished(self, request) -> None:
        token = self._tokens.pop(request, None)
        if token is None:
            return
        if self.pipeline is not None and self.pipeline.uncommitted():
            self._done.append(token)  # its items may be buffered or on their way to the dataset
        else:
            self.ack([token])

    def take_done(self) -> list:
        done, self._done = self._done, []
        return done

    def ack(self, tokens) -> None:
        if tokens:
            self.server.hdel(self._k(f"inflight:{self.worker_id}"), *tokens)

    def has_pending_requests(self):
        return len(self) > 0

    # -- idle and close
    def _on_idle(self, spider):
        from scrapy.exceptions import DontCloseSpider

        if self.pipeline is not None and self.pipeline.uncommitted():
            self.pipeline.flush()  # hands the buffer and the finished requests to the committer: acked once written
        else:
            self.ack(self.take_done())
        queued, in_flight = self._status(keys=[self.queue_key, self._k("workers")], args=[self.ns])
        self._waiting = bool(queued or in_flight)
        if self._waiting:
            raise DontCloseSpider

    def close(self, reason):
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self.pipeline is None or not self.pipeline.error:  # the pipeline has written everything before this
            self.ack(self.take_done())
        # whatever is still in flight was not finished (a graceful stop): back into the queue
        moved, _ = self._recover(force=[self.worker_id])
        if reason == "finished":
            if self._leave(keys=[self.queue_key, self._k("workers"), self._k("dupefilter"), self._k("seq")],
                           args=[self.ns, self.worker_id]):
                log.info("Crawl %s finished: its Redis keys are deleted", self.ns)
        else:
            self.server.srem(self._k("workers"), self.worker_id)
            self.server.delete(self._k(f"alive:{self.worker_id}"))
            log.info("Worker %s stopped (%s); %d unfinished requests went back to the queue",
                     self.worker_id, reason, moved)
