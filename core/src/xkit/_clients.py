"""The HTTP clients of one toolkit: created lazily, shared, closed together."""

from __future__ import annotations

import asyncio
import threading
import weakref

import httpx

from ._drivers import AsyncClients, SyncClients

__all__ = ["ClientPool"]


class ClientPool:
    """One sync client, one async client per event loop, and the guarded
    fetch clients for media URLs (which never use the API transport)."""

    def __init__(
        self,
        transport: httpx.BaseTransport | None,
        async_transport: httpx.AsyncBaseTransport | None,
        timeout: float,
    ) -> None:
        self._transport = transport
        self._async_transport = async_transport
        self._timeout = timeout
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()
        self._aclients: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, httpx.AsyncClient
        ] = weakref.WeakKeyDictionary()

    def sync(self) -> SyncClients:
        with self._lock:  # first calls from many threads share one client
            if self._client is None:
                self._client = httpx.Client(
                    transport=self._transport, timeout=self._timeout
                )
        return SyncClients(api=self._client, fetch=self.fetch_sync)

    def async_(self) -> AsyncClients:
        loop = asyncio.get_running_loop()
        client = self._aclients.get(loop)
        if client is None:
            transport = self._async_transport or self._transport
            client = httpx.AsyncClient(
                transport=transport,  # type: ignore[arg-type]
                timeout=self._timeout,
            )
            self._aclients[loop] = client
        return AsyncClients(api=client, fetch=self.fetch_async)

    def fetch_sync(self) -> httpx.Client:
        from ._fetch import sync_fetch_client

        return sync_fetch_client(self._timeout)

    def fetch_async(self) -> httpx.AsyncClient:
        from ._fetch import async_fetch_client

        return async_fetch_client(self._timeout)

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    async def aclose(self) -> None:
        client = self._aclients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()
        self.close()
