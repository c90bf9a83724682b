"""`aznews nlp --scheduler redis://…`: the articles to analyse shared among machines through Redis.

    aznews nlp --dataset s3://bucket/aznews --scheduler redis://HOST:6379/0 [--workers N]   # on every machine

Every such command is one Redis worker (id `--worker-id`, default host-pid) with
its own NLP worker processes (aznews.pipelines.analysis, as in `aznews nlp`).
The first one to arrive lists the article versions to analyse (those `aznews nlp`
would pick, in article_id order) and puts them into the queue in batches of
--batch-size; the others wait until the queue is complete, then all take batches
until it is empty.

Redis keys (NS = "aznews:nlp:<hash of the dataset URL and --redo>", so several
datasets can share one Redis database):

    NS:setup        id of the worker building the queue (expires after 300 s)
    NS:ready        set, together with NS:total, once the whole queue is in NS:queue
    NS:queue        list of batches: JSON [[article_id, version], ...]
    NS:workers      set of registered worker ids
    NS:alive:W      heartbeat of worker W (expires after AZNEWS_REDIS_WORKER_TTL s, default 10)
    NS:inflight:W   hash: token -> batch, the batches W has taken
    NS:seq          token counter
    NS:done         article versions finished (for the progress lines)

Every article version analysed exactly once:

* Taking a batch moves it atomically (one Lua script) from NS:queue into
  NS:inflight:W; it leaves NS:inflight:W only after its analysis is written to
  the dataset. A worker whose heartbeat has expired (SIGKILL, a lost machine) has
  its in-flight batches moved back into the queue by the next worker that looks
  (every 2 s); a worker restarted with the same id takes its own back at once.
* Before analysing a batch a worker reads the current version of each of its
  articles. A version that is no longer current was written after the queue was
  built: by an earlier attempt at this very batch (a worker killed between its
  write and its acknowledgement) or by a crawl; it is skipped. So a batch that
  comes back is never analysed twice, and a batch that was not written comes
  back until it is.

The end: a worker with nothing to take waits while other workers still hold
batches (a dead one's come back), and leaves when the queue is empty and nothing
is in flight anywhere; the last one deletes the keys (the next `aznews nlp
--scheduler` on the dataset starts afresh). Every worker publishes the dataset
when it leaves. If every worker was stopped before the end, starting workers
again resumes; to start over instead, delete the keys:
`redis-cli --scan --pattern 'aznews:nlp:*' | xargs -r redis-cli del`.

Lua scripts keep the multi-key steps atomic; they name keys derived inside the
script, so use a single Redis server (not Redis Cluster).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import socket
import sys
import threading
import time

from aznews.pipelines.errors import UserError

log = logging.getLogger(__name__)

SETUP_TTL_S = 300
RECOVER_EVERY_S = 2.0

_POP = """
local b = redis.call('LPOP', KEYS[1])
if not b then return nil end
local t = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], t, b)
return {tostring(t), b}
"""

# ARGV[1] = NS; moves the in-flight batches of registered workers whose heartbeat has expired
# (and of the workers named in ARGV[2..]) back to the front of the queue
_RECOVER = """
local ns = ARGV[1]
local moved = 0
local force = {}
for i = 2, #ARGV do force[ARGV[i]] = true end
for _, w in ipairs(redis.call('SMEMBERS', ns .. ':workers')) do
  if force[w] or redis.call('EXISTS', ns .. ':alive:' .. w) == 0 then
    local key = ns .. ':inflight:' .. w
    local items = redis.call('HVALS', key)
    for _, b in ipairs(items) do redis.call('LPUSH', ns .. ':queue', b); moved = moved + 1 end
    redis.call('DEL', key)
    if not force[w] then redis.call('SREM', ns .. ':workers', w) end
  end
end
return moved
"""

# ARGV[1] = NS -> {queued batches, in-flight batches of every worker}
_STATUS = """
local ns = ARGV[1]
local inflight = 0
for _, w in ipairs(redis.call('SMEMBERS', ns .. ':workers')) do
  inflight = inflight + redis.call('HLEN', ns .. ':inflight:' .. w)
end
return {redis.call('LLEN', ns .. ':queue'), inflight}
"""

# ARGV[1] = NS, ARGV[2] = worker; the last worker of a finished run deletes the keys
_LEAVE = """
local ns = ARGV[1]
redis.call('SREM', ns .. ':workers', ARGV[2])
redis.call('DEL', ns .. ':alive:' .. ARGV[2], ns .. ':inflight:' .. ARGV[2])
if redis.call('LLEN', ns .. ':queue') > 0 then return 0 end
for _, w in ipairs(redis.call('SMEMBERS', ns .. ':workers')) do
  if redis.call('HLEN', ns .. ':inflight:' .. w) > 0 then return 0 end
end
if redis.call('SCARD', ns .. ':workers') > 0 then return 0 end
redis.call('DEL', ns .. ':queue', ns .. ':ready', ns .. ':total', ns .. ':done', ns .. ':seq', ns .. ':setup', ns .. ':workers')
return 1
"""


def default_worker_id() -> str:
    host = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:20] or "host"
    return f"{host}-{os.getpid()}"


def namespace(dataset_url: str, redo: bool) -> str:
    key = hashlib.sha256(f"{dataset_url}\0{int(redo)}".encode()).hexdigest()[:12]
    return f"aznews:nlp:{key}"


def connect_redis(url: str):
    import redis

    if not re.match(r"^(redis|rediss|unix)://", url or ""):
        raise UserError(f"--scheduler must be a redis://HOST:PORT/DB URL, not {url!r}")
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30, decode_responses=True)
        client.ping()
    except (redis.RedisError, ValueError, OSError) as exc:
        raise UserError(f"cannot reach Redis at {url}: {exc}") from None
    return client


def worker_ttl() -> float:
    raw = os.environ.get("AZNEWS_REDIS_WORKER_TTL", "10")
    try:
        ttl = float(raw)
    except ValueError:
        raise UserError(f"AZNEWS_REDIS_WORKER_TTL must be a number of seconds, not {raw!r}") from None
    if ttl <= 0:
        raise UserError(f"AZNEWS_REDIS_WORKER_TTL must be > 0, not {raw!r}")
    return ttl


class NlpQueue:
    """One worker's view of the shared queue."""

    def __init__(self, client, ns: str, worker_id: str, ttl: float):
        self.r = client
        self.ns = ns
        self.worker = worker_id
        self.ttl = ttl
        self._pop = client.register_script(_POP)
        self._recover = client.register_script(_RECOVER)
        self._status = client.register_script(_STATUS)
        self._leave = client.register_script(_LEAVE)
        self._stop = threading.Event()
        self._thread = None
        self._last_recover = 0.0

    def k(self, name: str) -> str:
        return f"{self.ns}:{name}"

    # heartbeat ---------------------------------------------------------------------------
    def register(self) -> None:
        self.r.sadd(self.k("workers"), self.worker)
        self._beat()
        self._thread = threading.Thread(target=self._heartbeat, name="aznews-nlp-heartbeat", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        self.r.set(self.k(f"alive:{self.worker}"), "1", px=int(self.ttl * 1000))

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.ttl / 4):
            try:
                self._beat()
            except Exception as exc:  # Redis away for a moment: the next beat tries again
                log.warning("Redis heartbeat failed: %s", exc)

    # the queue -------------------------------------------------------------------------------
    def fill(self, list_versions, batch_size: int) -> None:
        """Build the queue once (the first worker); the others wait until it is complete. The keys of
        a run that ended without its last worker cleaning up (nothing queued, in flight or alive) are
        dropped first, so new articles are not missed."""
        if self.r.exists(self.k("ready")):
            queued, inflight = self.status()
            others = [w for w in self.r.smembers(self.k("workers")) if w != self.worker]
            if not queued and not inflight and not any(self.r.exists(self.k(f"alive:{w}")) for w in others):
                self.r.delete(self.k("ready"), self.k("total"), self.k("done"))
        while not self.r.exists(self.k("ready")):
            if self.r.set(self.k("setup"), self.worker, nx=True, ex=SETUP_TTL_S):
                pairs = list_versions()
                batches = [json.dumps(pairs[i:i + batch_size]) for i in range(0, len(pairs), batch_size)]
                pipe = self.r.pipeline(transaction=True)
                pipe.delete(self.k("queue"))
                for i in range(0, len(batches), 1000):
                    pipe.rpush(self.k("queue"), *batches[i:i + 1000])
                pipe.set(self.k("total"), len(pairs))
                pipe.set(self.k("ready"), "1")
                pipe.delete(self.k("setup"))
                pipe.execute()
                log.info("queued %d article versions in %d batches", len(pairs), len(batches))
                return
            time.sleep(0.5)

    def own_inflight(self) -> list[tuple[str, str]]:
        """Batches this worker id had taken before (a restart after a kill): taken back at once."""
        return sorted(self.r.hgetall(self.k(f"inflight:{self.worker}")).items(), key=lambda kv: int(kv[0]))

    def take(self):
        self.recover()
        res = self._pop(keys=[self.k("queue"), self.k(f"inflight:{self.worker}"), self.k("seq")])
        return (res[0], res[1]) if res else None

    def ack(self, token: str, n: int) -> None:
        pipe = self.r.pipeline(transaction=True)
        pipe.hdel(self.k(f"inflight:{self.worker}"), token)
        pipe.incrby(self.k("done"), n)
        pipe.execute()

    def recover(self, force: bool = False) -> int:
        now = time.monotonic()
        if not force and now - self._last_recover < RECOVER_EVERY_S:
            return 0
        self._last_recover = now
        moved = int(self._recover(args=[self.ns]))
        if moved:
            log.warning("%d batches of stopped NLP workers went back to the queue", moved)
        return moved

    def status(self) -> tuple[int, int]:
        queued, inflight = self._status(args=[self.ns])
        return int(queued), int(inflight)

    def progress(self) -> tuple[int, int]:
        done, total = self.r.mget(self.k("done"), self.k("total"))
        return int(done or 0), int(total or 0)

    def leave(self) -> bool:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        return bool(self._leave(args=[self.ns, self.worker]))


def _list_versions(url: str, redo: bool):
    def run():
        from aznews.pipelines.dataset.query import connect

        con = connect(url, views={"articles"})
        try:
            where = "" if redo else "WHERE nlp_status IS NULL OR nlp_status = 'error'"
            return [[a, v] for a, v in con.execute(f"SELECT article_id, version FROM articles {where} ORDER BY article_id").fetchall()]
        finally:
            con.close()

    return run


def _current_rows(url: str, pairs: list) -> list[dict]:
    """The articles rows of the batch's versions that are still current (the others were written since)."""
    from aznews.pipelines.dataset import schema
    from aznews.pipelines.dataset.query import connect

    want = {a: v for a, v in pairs}
    con = connect(url, views={"articles"})
    try:
        cols = ", ".join(f'"{c}"' for c in schema.ARTICLES.names)
        rows = con.execute(f"SELECT {cols} FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
                           "ORDER BY article_id", [list(want)]).to_arrow_table().to_pylist()
    finally:
        con.close()
    return [r for r in rows if want.get(r["article_id"]) == r["version"]]


class Tally:
    """Sums of the written batches and the progress lines (`aznews nlp`, with or without Redis)."""

    def __init__(self, total: int, show: bool):
        self.total = total
        self.show = show
        self.sums: dict = {}
        self.done = 0
        self.started = time.monotonic()
        self.first = None  # when the first analysed batch started (the models were loaded by then)
        self.last_line = 0.0

    def add(self, analysed, result) -> None:
        now = time.monotonic()
        if self.first is None:
            self.first = now - analysed.seconds
        for k, v in analysed.counts.items():
            self.sums[k] = self.sums.get(k, 0) + v
        for k, v in (("mentions", len(analysed.mentions)), ("roles", len(analysed.roles)),
                     ("dates", len(analysed.dates)), ("stale", result.stale)):
            self.sums[k] = self.sums.get(k, 0) + v
        self.done += len(analysed.articles)
        if self.show and (now - self.last_line >= 10.0 or self.done >= self.total):
            self.last_line = now
            el = now - self.started
            print(f"nlp: {self.done}/{self.total} articles ({self.done / el:.1f}/s)", file=sys.stderr, flush=True)

    def summary(self, url: str, workers, extra: str = "") -> str:
        elapsed = time.monotonic() - self.started
        steady = max(time.monotonic() - (self.first or self.started), 1e-6)
        s = self.sums
        return (f"analysed {self.done} articles in {url} with {workers} worker(s){extra} in {elapsed:.1f} s "
                f"({self.done / steady:.1f} articles/s after the models loaded): {s.get('analyzed', 0)} analyzed, "
                f"{s.get('skipped-language', 0)} other language, {s.get('empty', 0)} empty, "
                f"{s.get('error', 0)} errors; {s.get('mentions', 0)} mentions, {s.get('roles', 0)} roles, "
                f"{s.get('dates', 0)} dates written ({s.get('stale', 0)} articles skipped: changed meanwhile)")


def run_worker(args, ds, url: str, show: bool) -> int:
    from concurrent.futures import FIRST_COMPLETED, wait

    from aznews.pipelines.analysis import AnalysisPool, processes_setting

    client = connect_redis(args.scheduler)
    worker = args.worker_id or default_worker_id()
    if not re.fullmatch(r"[A-Za-z0-9_-]+", worker):
        raise UserError(f"--worker-id may contain only letters, digits, '-' and '_': {worker!r}")
    q = NlpQueue(client, namespace(url, args.redo), worker, worker_ttl())
    q.register()
    q.fill(_list_versions(url, args.redo), args.batch_size)
    done, total = q.progress()
    if show:
        print(f"nlp: worker {worker}, {total - done} of {total} article versions left in the queue, "
              f"loading models...", file=sys.stderr, flush=True)
    workers = processes_setting(args.workers)
    tally = Tally(total, False)
    skipped = 0
    last_line = 0.0
    own = q.own_inflight()
    with AnalysisPool(processes=workers) as pool:
        running = {}
        while True:
            while len(running) < 2 * max(1, workers):
                item = own.pop(0) if own else q.take()
                if item is None:
                    break
                token, payload = item
                pairs = json.loads(payload)
                rows = _current_rows(url, pairs)
                skipped += len(pairs) - len(rows)
                if not rows:  # all written before (a batch of a worker killed after its write)
                    q.ack(token, len(pairs))
                    continue
                running[pool.submit(rows)] = (token, len(pairs))
            if not running:
                queued, inflight = q.status()
                if not queued and not inflight:
                    break
                time.sleep(0.5)  # others still hold batches: theirs come back if they die
                continue
            finished, _ = wait(list(running), timeout=1.0, return_when=FIRST_COMPLETED)
            for fut in finished:
                token, n = running.pop(fut)
                analysed = fut.result()
                res = ds.write(analysed.articles, analysed.mentions, analysed.roles, analysed.dates, force=True)
                q.ack(token, n)
                tally.add(analysed, res)
            if show and time.monotonic() - last_line >= 10.0:
                last_line = time.monotonic()
                d, t = q.progress()
                print(f"nlp: {d}/{t} article versions done (this worker {tally.done})", file=sys.stderr, flush=True)
    q.recover(force=True)  # forget workers that died with nothing in flight
    last = q.leave()
    ds.publish()
    note = f", Redis worker {worker}" + (f", {skipped} already written" if skipped else "")
    print(tally.summary(url, workers, note) + ("; the queue is done" if last else ""))
    return 1 if tally.sums.get("error") else 0
