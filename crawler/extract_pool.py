"""Article extraction in worker processes, so the crawl's reactor thread only downloads.

Scrapy runs every callback on the reactor thread; HTML parsing and the extraction
cascade (crawler.extract) cost about as much CPU per page as Scrapy's whole download
path, so with extraction in-line a fast crawl is CPU-bound on one core. With
``AZNEWS_EXTRACT_PROCESSES = N`` (N >= 1) the spider hands each page to N worker
processes and awaits the result, and the reactor goes on downloading meanwhile.

    pool = ExtractionPool.from_settings(crawler.settings)
    art = await pool.extract(body, url, hints=..., fetched_at=..., encoding=...)
    pool.close()

"auto" (the default) means one worker per spare core (``os.cpu_count() - 1``, at
most 4); 0 extracts in-line. Workers are fresh interpreters (never a fork of a process
that runs threads and a reactor), started on the first page.

Why not concurrent.futures.ProcessPoolExecutor: its feeder and result threads fight the
reactor thread for the GIL, and measured on the crawl benchmark they cost the crawl
process more CPU per page than the extraction they take away. Here each worker has one
socket pair; the reactor's own event loop reads the results (``loop.add_reader``), so
the crawl process pays one pickle and one send per page, no thread switches, and reads the
answers a batch at a time. At most MAX_IN_FLIGHT pages wait at a worker; the rest
wait in the crawl process.

A worker's exception comes back and is raised in the crawl process, as it would be
in-line. If a worker dies (killed, out of memory), the pool stops with one warning and
its pages, and every later one, are extracted in-line: no page is lost to the pool.
"""
from __future__ import annotations

import asyncio
import collections
import itertools
import logging
import os
import pickle
import socket
import struct
import subprocess
import sys

from aznews.crawler.extract import extract_article

log = logging.getLogger("aznews.crawler.extract_pool")

MAX_AUTO_PROCESSES = 4
# Pages sent to one worker and not answered yet. Several, so the worker never waits for
# the reactor and its answers come back a few per wake-up; bounded in bytes too, so that
# a send never has to wait for the worker to read (the reactor must not block).
MAX_IN_FLIGHT = 8
MAX_IN_FLIGHT_BYTES = 512 * 1024
_HEADER = struct.Struct("!I")  # each message: 4-byte big-endian length, then a pickle


def processes_setting(value) -> int:
    """AZNEWS_EXTRACT_PROCESSES ("auto", "", None or an integer >= 0) -> worker count."""
    if value is None or str(value).strip().lower() in ("", "auto"):
        return max(0, min(MAX_AUTO_PROCESSES, (os.cpu_count() or 1) - 1))
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"AZNEWS_EXTRACT_PROCESSES must be 'auto' or a whole number >= 0, not {value!r}") from None
    if n < 0:
        raise ValueError(f"AZNEWS_EXTRACT_PROCESSES must be >= 0, not {n}")
    return n


class WorkerDied(Exception):
    """The worker holding a page exited before answering."""


def _recv_exactly(sock: socket.socket, n: int) -> bytes | None:
    buf = bytearray(n)
    view, got = memoryview(buf), 0
    while got < n:
        k = sock.recv_into(view[got:])
        if not k:
            return None
        got += k
    return bytes(buf)


def _worker_main(sock: socket.socket) -> None:
    """A worker: read (task id, html, url, kwargs), answer (task id, ok, result or exception)."""
    while True:
        try:
            head = _recv_exactly(sock, _HEADER.size)
            msg = _recv_exactly(sock, _HEADER.unpack(head)[0]) if head else None
        except OSError:
            return
        if not msg:  # the pool closed the socket or sent the empty stop message
            return
        task_id, html, url, kwargs = pickle.loads(msg)
        try:
            reply = (task_id, True, extract_article(html, url, **kwargs))
        except Exception as exc:
            reply = (task_id, False, exc)
        try:
            data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that does not pickle: keep its type name and text
            data = pickle.dumps((task_id, False, RuntimeError(f"{type(reply[2]).__name__}: {reply[2]}")))
        try:
            sock.sendall(_HEADER.pack(len(data)) + data)
        except OSError:
            return


def _asyncio_loop() -> asyncio.AbstractEventLoop | None:
    # Scrapy runs callbacks inside asyncio only with its (default) asyncio reactor;
    # under another reactor there is no loop to read the workers' answers with
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class _Worker:
    __slots__ = ("process", "sock", "in_flight", "in_flight_bytes", "inbox")

    def __init__(self, process, sock):
        self.process = process
        self.sock = sock
        self.in_flight: dict[int, tuple] = {}  # task id -> (future, message size); the caller re-extracts on WorkerDied
        self.in_flight_bytes = 0
        self.inbox = bytearray()  # answer bytes read and not yet parsed


class ExtractionPool:
    def __init__(self, processes: int = 0):
        self.processes = processes
        self._workers: list[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queue: collections.deque = collections.deque()  # (task id, future, html, url, kwargs)
        self._ids = itertools.count()
        self._broken = False
        # pages waiting for or in extraction before new article downloads wait (see room())
        self.max_backlog = max(1, processes) * MAX_IN_FLIGHT * 2
        self._room_waiters: list[asyncio.Future] = []

    @classmethod
    def from_settings(cls, settings) -> "ExtractionPool":
        return cls(processes_setting(settings.get("AZNEWS_EXTRACT_PROCESSES", "auto")))

    @property
    def in_workers(self) -> bool:
        """True while pages go to worker processes (False: in-line)."""
        return self.processes > 0 and not self._broken

    @property
    def backlog(self) -> int:
        """Pages handed to the pool and not answered yet."""
        return len(self._queue) + sum(len(w.in_flight) for w in self._workers or ())

    async def room(self) -> None:
        """Wait while max_backlog pages await extraction. Awaited before each article
        download (crawler.middlewares.ExtractionBackpressureMiddleware): without it the
        downloader, much faster than the workers, would fetch page after page into
        memory, and a crawl stopped early would have hundreds of pages downloaded and
        never extracted."""
        while self.in_workers and self.backlog >= self.max_backlog:
            fut = asyncio.get_running_loop().create_future()
            self._room_waiters.append(fut)
            await fut

    def _wake_room_waiters(self) -> None:
        if self._room_waiters and (not self.in_workers or self.backlog < self.max_backlog):
            waiters, self._room_waiters = self._room_waiters, []
            for fut in waiters:
                if not fut.done():
                    fut.set_result(None)

    async def extract(self, html, url: str, **kwargs) -> dict:
        """aznews.crawler.extract.extract_article(html, url, **kwargs), in a worker when there are any."""
        loop = _asyncio_loop() if self.in_workers else None
        if loop is not None and self._workers is None:
            try:
                self._start(loop)
            except (OSError, ValueError) as exc:  # no pass_fds (not POSIX), no executable, fd limits
                log.warning("Could not start extraction worker processes (%s); extracting in the crawl process", exc)
                self._broken = True
                self._stop()
        if loop is not None and self.in_workers:
            fut = loop.create_future()
            self._queue.append((next(self._ids), fut, html, url, kwargs))
            self._dispatch()
            try:
                return await fut
            except WorkerDied:
                pass  # extracted in-line below
        return extract_article(html, url, **kwargs)

    # ------------------------------------------------------------ workers

    def _start(self, loop) -> None:
        # A fresh interpreter per worker (`python -m aznews.crawler.extract_pool FD`), not
        # multiprocessing's spawn: spawn re-imports the parent's __main__, which may be
        # any script that starts a crawl
        self._loop = loop
        self._workers = []
        for _ in range(self.processes):
            parent, child = socket.socketpair()
            fd = child.fileno()
            proc = subprocess.Popen([sys.executable, "-m", "aznews.crawler.extract_pool", str(fd)], pass_fds=[fd],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
            child.close()
            # sends stay blocking (bounded by MAX_IN_FLIGHT_BYTES); reads never wait
            w = _Worker(proc, parent)
            loop.add_reader(parent.fileno(), self._on_readable, w)
            self._workers.append(w)

    def _dispatch(self) -> None:
        while self._queue:
            w = min(self._workers, key=lambda w: len(w.in_flight))
            if len(w.in_flight) >= MAX_IN_FLIGHT or (w.in_flight and w.in_flight_bytes >= MAX_IN_FLIGHT_BYTES):
                return
            task_id, fut, html, url, kwargs = self._queue.popleft()
            if fut.cancelled():
                continue
            data = pickle.dumps((task_id, html, url, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
            try:
                w.sock.sendall(_HEADER.pack(len(data)) + data)
            except OSError:
                self._queue.appendleft((task_id, fut, html, url, kwargs))
                self._worker_died(w)
                return
            w.in_flight[task_id] = (fut, len(data))
            w.in_flight_bytes += len(data)

    def _on_readable(self, w: _Worker) -> None:
        try:
            chunk = w.sock.recv(1 << 20, socket.MSG_DONTWAIT)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._worker_died(w)
            return
        inbox = w.inbox
        inbox += chunk
        pos = 0
        while len(inbox) - pos >= _HEADER.size:
            n = _HEADER.unpack_from(inbox, pos)[0]
            if len(inbox) - pos - _HEADER.size < n:
                break
            start = pos + _HEADER.size
            task_id, ok, value = pickle.loads(memoryview(inbox)[start:start + n])
            pos = start + n
            fut, size = w.in_flight.pop(task_id)
            w.in_flight_bytes -= size
            if not fut.done():
                if ok:
                    fut.set_result(value)
                else:
                    fut.set_exception(value)
        del inbox[:pos]
        self._dispatch()
        self._wake_room_waiters()

    def _worker_died(self, w: _Worker) -> None:
        if not self._broken:
            log.warning("An extraction worker process exited (code %s); extracting in the crawl process from now on",
                        w.process.poll())
        self._broken = True
        pending = [t[0] for wk in self._workers for t in wk.in_flight.values()] + [t[1] for t in self._queue]
        self._queue.clear()
        self._stop()
        for fut in pending:
            if not fut.done():
                fut.set_exception(WorkerDied())
        self._wake_room_waiters()

    def _stop(self) -> None:
        workers, self._workers = self._workers or [], None
        for w in workers:
            try:
                self._loop.remove_reader(w.sock.fileno())
            except (ValueError, OSError):
                pass
            try:
                w.sock.sendall(_HEADER.pack(0))
            except OSError:
                pass
            w.sock.close()
        for w in workers:
            try:
                w.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                w.process.kill()
                w.process.wait()

    def close(self) -> None:
        """Stop the workers (pages still queued are not waited for: the crawl is over)."""
        if self._workers:
            self._stop()


if __name__ == "__main__":  # a worker: python -m aznews.crawler.extract_pool FD
    _worker_main(socket.socket(fileno=int(sys.argv[1])))
