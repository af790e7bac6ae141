"""A one-shot loopback HTTP server that receives the login callback."""

from __future__ import annotations

import queue
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, urlunsplit

from .._errors import ConfigurationError

__all__ = ["CallbackServer"]

_PAGE = (
    b"<!doctype html><title>xkit</title><p>xkit received the login. "
    b"You can close this window and return to the terminal.</p>"
)


class CallbackServer:
    """Serves ``redirect_uri``'s path on its loopback host until one callback
    arrives; ``port=0`` picks a free port (see :attr:`redirect_uri`)."""

    def __init__(self, redirect_uri: str, port: int | None = None) -> None:
        parts = urlsplit(redirect_uri)
        if parts.scheme != "http" or parts.hostname not in (
            "127.0.0.1",
            "localhost",
            "::1",
        ):
            raise ConfigurationError(
                f"The terminal login needs a loopback redirect URI such as "
                f"http://127.0.0.1:8765/callback, not {redirect_uri!r}. Set "
                "XKIT_REDIRECT_URI."
            )
        host = "127.0.0.1" if parts.hostname == "localhost" else parts.hostname
        self._path = parts.path or "/"
        self._received: queue.Queue[str] = queue.Queue(maxsize=1)
        bind_port = (parts.port or 80) if port is None else port
        self._server = ThreadingHTTPServer((host, bind_port), self._handler())
        self._server.daemon_threads = True
        actual = self._server.server_address[1]
        netloc = f"[{host}]:{actual}" if ":" in host else f"{parts.hostname}:{actual}"
        self.redirect_uri = urlunsplit(("http", netloc, parts.path, parts.query, ""))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                target = urlsplit(self.path)
                if target.path != outer._path:
                    self.send_error(404)
                    return
                try:
                    outer._received.put_nowait(target.query)
                except queue.Full:
                    self.send_error(409, "A callback was already received.")
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(_PAGE)))
                self.end_headers()
                self.wfile.write(_PAGE)

            def log_message(self, format: str, *args: object) -> None:
                pass  # the query holds the code and state: never log it

        return Handler

    def __enter__(self) -> CallbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def wait(self, timeout: float) -> str:
        """The callback's query string; TimeoutError when none came."""
        try:
            return self._received.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError("No login callback arrived in time.") from None
