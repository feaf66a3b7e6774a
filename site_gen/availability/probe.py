"""Probe web addresses concurrently: the standard library's asyncio and ssl, nothing else.

Each address gets exactly one :class:`Result`, whatever happens (a refused port, a host that
never answers, a broken certificate, a redirect loop, a body of gigabytes): the prober reads
the status line and the headers only, never the body, and closes the connection at once.

* bounded concurrency (``concurrency`` connections at once) and a per-host limit (``per_host``
  requests at once to one host name, so that 300 cards on one agency's server do not flood it);
* a time limit per attempt (connect, TLS handshake, request, headers), retries with exponential
  back-off and jitter for what may pass (time-outs, refused or reset connections, 5xx, 429);
* ``HEAD`` first, ``GET`` when the server refuses ``HEAD`` (a status of 400 or more, or no
  answer to it);
* redirects followed up to ``max_redirects``, a loop detected as such, only to http(s);
* the time to the final response's headers and the days left on its TLS certificate.

The error of a result is a stable code (:data:`ERRORS`); people see its Persian label.
"""

from __future__ import annotations

import asyncio
import math
import random
import socket
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

#: Error codes of a result (stored in the status file) → their Persian label.
ERRORS = {
    "timeout": "پاسخ نداد (زمان انتظار گذشت)",
    "refused": "اتصال پذیرفته نشد",
    "dns": "نام میزبان پیدا نشد",
    "connection": "اتصال قطع شد",
    "no-response": "سرور بی‌پاسخ اتصال را بست",
    "bad-response": "پاسخ سرور خوانا نبود",
    "tls-certificate": "گواهی امنیتی (TLS) معتبر نیست",
    "tls-expired": "گواهی امنیتی (TLS) منقضی شده است",
    "tls": "دست‌دهی امن (TLS) انجام نشد",
    "http-status": "سرور پاسخ خطا داد",
    "redirect-loop": "تغییر مسیر چرخه‌ای است",
    "too-many-redirects": "تغییر مسیرها بیش از اندازه است",
    "bad-redirect": "تغییر مسیر به نشانی نادرست",
    "bad-url": "نشانی خوانا نیست",
}

#: What may pass if asked again a little later.
RETRYABLE = frozenset({"timeout", "refused", "connection", "no-response", "dns"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: A status line and headers longer than this are not a web server's answer.
MAX_HEAD = 64 * 1024


@dataclass
class Options:
    """How to probe. The defaults suit a scheduled job against the real catalogue."""

    concurrency: int = 64
    per_host: int = 4
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 0.5
    max_redirects: int = 5
    user_agent: str = "site-gen-check-urls/1 (+catalogue availability monitor)"
    #: The context for https (``None``: the system's trusted roots; ``SSL_CERT_FILE`` applies).
    ssl_context: ssl.SSLContext | None = None


@dataclass
class Result:
    url: str
    ok: bool
    status: int | None = None
    error: str | None = None
    ms: float | None = None
    tls_days_left: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "ok": self.ok, "status": self.status, "error": self.error, "ms": self.ms, "tls_days_left": self.tls_days_left}


def is_up(status: int) -> bool:
    """A final status that means the address works: 2xx, or 401/403 (the server is up and asks
    for a login, as many e-services do)."""
    return 200 <= status < 300 or status in (401, 403)


class _Failure(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class _Answer:
    status: int
    location: str | None
    tls_days_left: int | None
    ms: float = 0.0  # from connecting to the end of the headers; no time spent waiting for a turn


@dataclass
class _Prober:
    options: Options
    hosts: dict[str, asyncio.Semaphore] = field(default_factory=dict)
    context: ssl.SSLContext | None = None

    def __post_init__(self) -> None:
        self.gate = asyncio.Semaphore(max(1, self.options.concurrency))

    def tls(self) -> ssl.SSLContext:
        if self.context is None:
            self.context = self.options.ssl_context or ssl.create_default_context()
        return self.context

    async def probe(self, url: str) -> Result:
        """Attempts with back-off; each attempt is HEAD (then GET if HEAD is refused)."""
        o = self.options
        result = Result(url, False, error="bad-url")
        for attempt in range(o.retries + 1):
            if attempt:  # waiting holds no slot: the other addresses go on meanwhile
                await asyncio.sleep(o.backoff * 2 ** (attempt - 1) * (0.5 + random.random()))
            result = await self.follow("HEAD", url)
            if (result.status is not None and result.status >= 400) or result.error in ("no-response", "bad-response", "connection"):
                result = await self.follow("GET", url)
            if not _retryable(result):
                break
        return result

    async def follow(self, method: str, url: str) -> Result:
        """One request and its redirects; ``ms`` is the time to the final headers (each hop
        from its connection to its headers, added up; waiting for a turn is not counted)."""
        seen = {url}
        current = url
        spent = 0.0
        for _hop in range(self.options.max_redirects + 1):
            try:
                answer = await self.request(method, current)
            except _Failure as exc:
                return Result(url, False, error=exc.code)
            spent += answer.ms
            ms = round(spent, 1)
            if answer.status in REDIRECTS and answer.location is not None:
                target = urljoin(current, answer.location.strip())
                if urlsplit(target).scheme not in ("http", "https") or not urlsplit(target).hostname:
                    return Result(url, False, answer.status, "bad-redirect", ms)
                if target in seen:
                    return Result(url, False, answer.status, "redirect-loop", ms)
                seen.add(target)
                current = target
                continue
            ok = is_up(answer.status)
            return Result(url, ok, answer.status, None if ok else "http-status", ms, answer.tls_days_left)
        return Result(url, False, None, "too-many-redirects", round(spent, 1))

    async def request(self, method: str, url: str) -> _Answer:
        try:
            parts = urlsplit(url)
            host = parts.hostname
            port = parts.port
        except ValueError:
            raise _Failure("bad-url") from None
        if parts.scheme not in ("http", "https") or not host:
            raise _Failure("bad-url")
        https = parts.scheme == "https"
        port = port or (443 if https else 80)
        try:
            ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
        except UnicodeError:
            raise _Failure("dns") from None
        key = ascii_host.lower()
        if key not in self.hosts:
            self.hosts[key] = asyncio.Semaphore(self.options.per_host)
        # the host's turn first, then a connection slot: an address waiting for a busy host
        # holds no slot, so one agency with 300 addresses does not stall the others
        async with self.hosts[key], self.gate:
            try:
                return await asyncio.wait_for(self._exchange(method, parts, ascii_host, port, https), self.options.timeout)
            except TimeoutError:
                raise _Failure("timeout") from None

    async def _exchange(self, method: str, parts: Any, host: str, port: int, https: bool) -> _Answer:
        target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~") + (f"?{quote(parts.query, safe='=&%:@!$()*+,;/?-._~')}" if parts.query else "")
        shown_host = f"[{host}]" if ":" in host else host
        if parts.port:
            shown_host += f":{parts.port}"
        start = time.perf_counter()
        try:
            reader, writer = await asyncio.open_connection(
                host, port, ssl=self.tls() if https else None, server_hostname=host if https else None, limit=MAX_HEAD)
        except ssl.SSLCertVerificationError as exc:
            raise _Failure("tls-expired" if exc.verify_code == 10 else "tls-certificate") from None
        except ssl.SSLError:
            raise _Failure("tls") from None
        except ConnectionRefusedError:
            raise _Failure("refused") from None
        except socket.gaierror:
            raise _Failure("dns") from None
        except OSError:
            raise _Failure("connection") from None
        try:
            days = _days_left(writer.get_extra_info("peercert")) if https else None
            request = (f"{method} {target} HTTP/1.1\r\nHost: {shown_host}\r\nUser-Agent: {self.options.user_agent}\r\n"
                       "Accept: */*\r\nConnection: close\r\n\r\n")
            writer.write(request.encode("ascii", "replace"))
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as exc:
            raise _Failure("no-response" if not exc.partial else "bad-response") from None
        except (asyncio.LimitOverrunError, ValueError):
            raise _Failure("bad-response") from None
        except ssl.SSLError:
            raise _Failure("tls") from None
        except OSError:
            raise _Failure("connection") from None
        finally:
            writer.transport.abort()  # never read the body, never wait for a polite close
        answer = _parse_head(head, days)
        answer.ms = (time.perf_counter() - start) * 1000
        return answer


def _parse_head(head: bytes, days: int | None) -> _Answer:
    lines = head.decode("latin-1").split("\r\n")
    status_line = lines[0].split(" ", 2)
    if len(status_line) < 2 or not status_line[0].startswith("HTTP/") or not (status_line[1].isascii() and status_line[1].isdigit() and len(status_line[1]) == 3):
        raise _Failure("bad-response")
    location = None
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep and name.strip().lower() == "location":
            location = value.strip()
    return _Answer(int(status_line[1]), location, days)


def _days_left(cert: Any) -> int | None:
    try:
        expires = ssl.cert_time_to_seconds(cert["notAfter"])
    except (KeyError, TypeError, ValueError):
        return None
    return math.floor((expires - time.time()) / 86400)


def _retryable(result: Result) -> bool:
    if result.error in RETRYABLE:
        return True
    return result.status is not None and (result.status >= 500 or result.status == 429)


Progress = Callable[[int, int], None]


async def probe_urls(urls: Iterable[str], options: Options | None = None, progress: Progress | None = None) -> list[Result]:
    """Probe every distinct address once; the results follow the addresses' first order."""
    options = options or Options()
    unique = list(dict.fromkeys(urls))
    prober = _Prober(options)
    done = 0

    async def one(url: str) -> Result:
        nonlocal done
        try:
            result = await prober.probe(url)
        except Exception:  # a defect of ours must not cost the other addresses their result
            result = Result(url, False, error="connection")
        done += 1
        if progress:
            progress(done, len(unique))
        return result

    return list(await asyncio.gather(*(one(u) for u in unique)))


def probe(urls: Iterable[str], options: Options | None = None, progress: Progress | None = None) -> list[Result]:
    """:func:`probe_urls` from synchronous code."""
    return asyncio.run(probe_urls(urls, options, progress))
