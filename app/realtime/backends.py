"""broadcaster's backends, adapted so the hub can supervise them.

Each adds `wait_lost()` (returns, with the error if known, once the connection is gone)
and `ping()` (raises unless the backend answers). Checked against broadcaster 0.3.1, whose
internals they extend.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from urllib.parse import urlparse

import asyncpg
from broadcaster import Event
from broadcaster._backends.memory import MemoryBackend
from broadcaster._backends.postgres import PostgresBackend
from broadcaster._backends.redis import RedisBackend
from redis.asyncio import Redis as RedisClient
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff


class Memory(MemoryBackend):
    """In-process only: never loses its connection."""

    async def wait_lost(self) -> BaseException | None:
        await asyncio.Event().wait()
        return None

    async def ping(self) -> None:
        pass

    async def publish_many(self, messages: Sequence[tuple[str, str]]) -> None:
        for channel, message in messages:
            await self.publish(channel, message)


class Postgres(PostgresBackend):
    """LISTEN/NOTIFY over one connection, named so operators (and tests) can find it."""

    def __init__(self, url: str, name: str) -> None:
        super().__init__(url)
        self._name = name
        # asyncpg refuses concurrent operations on one connection; publishers share it.
        self._io = asyncio.Lock()

    async def connect(self) -> None:
        settings = {"application_name": self._name}
        self._conn = await asyncpg.connect(self._url, server_settings=settings)
        self._listen_queue: asyncio.Queue[Event] = asyncio.Queue()
        self._lost = asyncio.Event()
        # Without this, a terminated connection leaves next_published() waiting forever.
        self._conn.add_termination_listener(lambda _conn: self._lost.set())

    async def wait_lost(self) -> BaseException | None:
        await self._lost.wait()
        return None  # asyncpg does not say why

    async def ping(self) -> None:
        async with self._io:
            await self._conn.fetchval("SELECT 1")

    async def subscribe(self, channel: str) -> None:
        async with self._io:
            await super().subscribe(channel)

    async def unsubscribe(self, channel: str) -> None:
        async with self._io:
            await super().unsubscribe(channel)

    async def publish_many(self, messages: Sequence[tuple[str, str]]) -> None:
        """One statement for all: NOTIFY for each (channel, message)."""
        channels, payloads = [c for c, _ in messages], [m for _, m in messages]
        async with self._io:
            await self._conn.execute(
                "SELECT pg_notify(c, m) FROM unnest($1::text[], $2::text[]) AS t(c, m)",
                channels,
                payloads,
            )

    async def disconnect(self) -> None:
        await self._conn.close(timeout=2)  # past that, asyncpg drops the socket


class Redis(RedisBackend):
    """Pub/sub on its own named connection; publishing keeps redis-py's retries.

    Redis's pub/sub ignores the database number, so the hub's channels carry it instead:
    deployments sharing one Redis on different numbers (redis://host/1, redis://host/2) do not
    hear each other. Database 0 (the default) keeps the bare channel names."""

    def __init__(self, url: str, name: str) -> None:
        super().__init__(url)
        number = self._conn.connection_pool.connection_kwargs.get("db", 0)
        self._prefix = f"db{number}:" if number else ""
        # redis-py would otherwise reconnect and re-subscribe behind our back, losing
        # what was published meanwhile without anyone knowing. Errors must reach the hub.
        no_retry = Retry(NoBackoff(), 0, supported_errors=())
        self._listen_conn = RedisClient.from_url(url, retry=no_retry, client_name=name)
        self._pubsub = self._listen_conn.pubsub()
        self._confirmations: dict[str, asyncio.Future[None]] = {}

    async def connect(self) -> None:
        await self._pubsub.connect()
        self._listener = asyncio.create_task(self._pubsub_listener())

    async def disconnect(self) -> None:
        await super().disconnect()
        await self._listen_conn.aclose()

    async def subscribe(self, channel: str) -> None:
        # Wait for Redis to confirm, so a publish right after subscribe() reaches us.
        assert self._listener is not None
        confirmed = self._confirmations[channel] = asyncio.get_running_loop().create_future()
        try:
            await self._pubsub.subscribe(self._prefix + channel)
            await asyncio.wait({confirmed, self._listener}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self._confirmations.pop(channel, None)
        if not confirmed.done():
            raise ConnectionError(f"redis connection lost while subscribing to {channel}")

    async def unsubscribe(self, channel: str) -> None:
        await self._pubsub.unsubscribe(self._prefix + channel)

    async def wait_lost(self) -> BaseException | None:
        assert self._listener is not None
        await asyncio.wait({self._listener})
        return None if self._listener.cancelled() else self._listener.exception()

    async def ping(self) -> None:
        await self._conn.ping()

    async def publish_many(self, messages: Sequence[tuple[str, str]]) -> None:
        """One round trip for all: a pipeline of PUBLISH commands, outside a transaction."""
        async with self._conn.pipeline(transaction=False) as pipe:
            for channel, message in messages:
                pipe.publish(self._prefix + channel, message)
            await pipe.execute()

    async def _pubsub_listener(self) -> None:
        # Unlike broadcaster's listen() loop, keeps reading with no channel subscribed:
        # a drop is noticed at once and a new subscribe cannot race with the loop's end.
        while True:
            message = await self._pubsub.get_message(timeout=None)
            if message is None:
                continue
            channel = message["channel"].decode().removeprefix(self._prefix)
            if message["type"] == "message":
                self._queue.put_nowait(Event(channel, message["data"].decode()))
            elif message["type"] == "subscribe":
                confirmed = self._confirmations.get(channel)
                if confirmed is not None and not confirmed.done():
                    confirmed.set_result(None)


Backend = Memory | Postgres | Redis


def create_backend(url: str, name: str) -> Backend:
    """The backend for the URL's scheme: memory://, redis://, rediss://, postgres://."""
    scheme = urlparse(url).scheme
    if scheme == "memory":
        return Memory(url)
    if scheme in ("postgres", "postgresql"):
        return Postgres(url, name)
    if scheme in ("redis", "rediss"):
        return Redis(url, name)
    raise ValueError(f"unsupported broadcast backend: {scheme}://")
