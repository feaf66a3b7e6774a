"""Availability monitoring (issue 18): the prober against servers these tests start on
127.0.0.1, the status file, ``site-gen check-urls`` and the pages.

Every connection of the module goes through a guard that refuses any address outside
127.0.0.0/8 (and ::1): no test can reach the network, whatever the catalogue says.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from markupsafe import Markup

from site_gen import codes
from site_gen.availability import targets
from site_gen.availability.probe import ERRORS, Options, Result, probe
from site_gen.availability.status import FILE, Check, Status, StatusError, load
from site_gen.build import BuildError, stage
from site_gen.catalogue import load_catalogue
from site_gen.cli import cli
from site_gen.render import pages, write_site

# --- the network guard --------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def loopback_only() -> Iterator[list[Any]]:
    """Every socket connect of this module: loopback only, else the test fails."""
    real = socket.socket.connect
    seen: list[Any] = []

    def guarded(self: socket.socket, address: Any) -> Any:
        if isinstance(address, tuple):
            seen.append(address[0])
            if not ipaddress.ip_address(address[0]).is_loopback:
                raise AssertionError(f"a test tried to reach {address!r}, outside 127.0.0.0/8")
        return real(self, address)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", guarded)
        yield seen


# --- servers --------------------------------------------------------------------------------

HITS: Counter[str] = Counter()
BIG_HEADER = "x" * (100 * 1024)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def _plain(self, code: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _answer(self, head: bool) -> None:
        path = self.path.split("?")[0]
        HITS[f"{self.command} {path}"] += 1
        if path == "/ok":
            self._plain(200)
        elif path == "/slow":
            time.sleep(0.3)
            self._plain(200)
        elif path == "/500":
            self._plain(500)
        elif path == "/404":
            self._plain(404)
        elif path == "/login":
            self._plain(401)
        elif path == "/flaky":
            self._plain(503 if HITS["HEAD /flaky"] + HITS["GET /flaky"] <= 2 else 200)
        elif path == "/redirect":
            self._plain(301, {"Location": "/ok"})
        elif path in ("/loop", "/loop2"):
            self._plain(302, {"Location": "/loop2" if path == "/loop" else "/loop"})
        elif path.startswith("/chain"):
            n = int(path.removeprefix("/chain") or 0)
            self._plain(302, {"Location": f"/chain{n + 1}"})
        elif path == "/javascript":
            self._plain(302, {"Location": "javascript:alert(1)"})
        elif path == "/nohead":
            self._plain(405 if head else 200)
        elif path == "/huge":
            if head:
                self._plain(405)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(10 * 1024**3))
            self.end_headers()
            chunk = b"x" * 65536
            try:
                for _ in range(16384):  # up to a gigabyte, until the prober hangs up
                    self.wfile.write(chunk)
            except OSError:
                pass
        elif path == "/bigheader":
            self.send_response(200)
            self.send_header("X-Big", BIG_HEADER)
            self.end_headers()
        elif path == "/garbage":
            self.wfile.write(b"hello there\r\n\r\n")
        elif path == "/close":
            self.close_connection = True
        else:
            self._plain(404)

    def do_HEAD(self) -> None:
        self._answer(True)

    def do_GET(self) -> None:
        self._answer(False)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up mid-body or refuses our certificate is expected here


def _serve(server: ThreadingHTTPServer) -> ThreadingHTTPServer:
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def http_server() -> Iterator[str]:
    server = _serve(QuietServer(("127.0.0.1", 0), Handler))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never answers."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    yield s.getsockname()[1]
    s.close()


@pytest.fixture(scope="module")
def refused_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """An https server with a self-signed certificate made now by the openssl binary."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("no openssl binary to make a certificate")
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "30", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=60)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server = QuietServer(("127.0.0.1", 0), Handler)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    _serve(server)
    yield f"https://127.0.0.1:{server.server_address[1]}", cert
    server.shutdown()
    server.server_close()


FAST = Options(concurrency=16, per_host=4, timeout=1.0, retries=1, backoff=0.05)
PATHS = ["/ok", "/slow", "/500", "/404", "/login", "/flaky", "/redirect", "/loop", "/chain", "/javascript",
         "/nohead", "/huge", "/bigheader", "/garbage", "/close"]


@pytest.fixture(scope="module")
def probed(http_server: str, silent_port: int, refused_port: int, tls_server: tuple[str, Path]) -> tuple[list[str], dict[str, Result], float]:
    """One run over every kind of server, all at once (the time-outs overlap)."""
    urls = [http_server + p for p in PATHS]
    urls += [f"http://127.0.0.1:{silent_port}/", f"http://127.0.0.1:{refused_port}/", tls_server[0] + "/ok",
             "http://127.0.0.1:99999/", http_server + "/ok"]  # a port out of range; a duplicate
    start = time.perf_counter()
    results = probe(urls, FAST)
    return urls, {r.url: r for r in results}, time.perf_counter() - start


# --- the prober -----------------------------------------------------------------------------


def test_every_address_gets_exactly_one_result_and_no_traceback(probed: tuple[list[str], dict[str, Result], float]) -> None:
    urls, by_url, _ = probed
    assert list(by_url) == list(dict.fromkeys(urls))
    for r in by_url.values():
        assert r.ok is (r.error is None), r
        assert r.error is None or r.error in ERRORS, r


def test_what_each_server_does_is_told_apart(probed: tuple[list[str], dict[str, Result], float], http_server: str,
                                             silent_port: int, refused_port: int, tls_server: tuple[str, Path]) -> None:
    _, by_url, _ = probed

    def at(path: str) -> Result:
        return by_url[http_server + path]

    assert (at("/ok").ok, at("/ok").status, at("/ok").tls_days_left) == (True, 200, None)
    assert 0 < (at("/ok").ms or 0) < 1000
    assert at("/slow").ok and (at("/slow").ms or 0) >= 300
    assert (at("/500").ok, at("/500").status, at("/500").error) == (False, 500, "http-status")
    assert (at("/404").ok, at("/404").status) == (False, 404)
    assert (at("/login").ok, at("/login").status) == (True, 401)  # up, asks for a login
    assert (at("/redirect").ok, at("/redirect").status) == (True, 200)
    assert (at("/loop").ok, at("/loop").error) == (False, "redirect-loop")
    assert (at("/chain").ok, at("/chain").error) == (False, "too-many-redirects")
    assert (at("/javascript").ok, at("/javascript").error) == (False, "bad-redirect")
    assert (at("/nohead").ok, at("/nohead").status) == (True, 200)
    assert (at("/bigheader").ok, at("/bigheader").error) == (False, "bad-response")
    assert (at("/garbage").ok, at("/garbage").error) == (False, "bad-response")
    assert (at("/close").ok, at("/close").error) == (False, "no-response")
    silent = by_url[f"http://127.0.0.1:{silent_port}/"]
    assert (silent.ok, silent.status, silent.error, silent.ms) == (False, None, "timeout", None)
    assert by_url[f"http://127.0.0.1:{refused_port}/"].error == "refused"
    assert by_url["http://127.0.0.1:99999/"].error == "bad-url"
    # a self-signed certificate is not trusted by the system's roots
    assert by_url[tls_server[0] + "/ok"].error == "tls-certificate"


def test_a_huge_body_is_never_read(probed: tuple[list[str], dict[str, Result], float], http_server: str) -> None:
    _, by_url, _ = probed
    huge = by_url[http_server + "/huge"]
    assert (huge.ok, huge.status) == (True, 200)
    assert huge.ms is not None and huge.ms < 1000  # headers only, then the connection is dropped


def test_head_falls_back_to_get_and_failures_are_retried(probed: tuple[list[str], dict[str, Result], float]) -> None:
    assert (HITS["HEAD /nohead"], HITS["GET /nohead"]) == (1, 1)
    assert (HITS["HEAD /ok"], HITS["GET /ok"]) >= (1, 0)
    # 500: two attempts (retries=1), each HEAD then GET
    assert (HITS["HEAD /500"], HITS["GET /500"]) == (2, 2)
    # 503 twice, then the retry gets through
    assert (HITS["HEAD /flaky"], HITS["GET /flaky"]) == (2, 1)
    # not retried: a 404 is an answer, not an accident
    assert (HITS["HEAD /404"], HITS["GET /404"]) == (1, 1)


def test_the_time_outs_overlap(probed: tuple[list[str], dict[str, Result], float]) -> None:
    # the silent port costs two attempts of one second; everything else runs meanwhile
    assert probed[2] < 2 * FAST.timeout + 30  # a generous bound: it only catches a serial run


def test_a_trusted_certificate_reports_its_days_left(tls_server: tuple[str, Path]) -> None:
    url, cert = tls_server
    ctx = ssl.create_default_context(cafile=str(cert))
    [r] = probe([url + "/redirect"], Options(timeout=2.0, retries=0, ssl_context=ctx))
    assert (r.ok, r.status, r.error) == (True, 200, None)
    assert r.tls_days_left in (29, 30)


def test_per_host_limit_holds(http_server: str) -> None:
    """At most ``per_host`` requests to one host at a time, however many addresses it has."""
    active = 0
    peak = 0
    lock = threading.Lock()
    real = Handler._answer

    def counting(self: Handler, head: bool) -> None:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        try:
            time.sleep(0.1)
        finally:
            # counted until the answer starts: the client holds its slot at least that long,
            # but may free it (headers read) while this thread still writes the body
            with lock:
                active -= 1
        real(self, head)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Handler, "_answer", counting)
        started = time.perf_counter()
        results = probe([f"{http_server}/ok?n={i}" for i in range(12)], Options(concurrency=12, per_host=2, timeout=5.0, retries=0))
        wall_ms = (time.perf_counter() - started) * 1000
    assert all(r.ok for r in results)
    assert 1 <= peak <= 2
    # the response time is the server's, not the time spent waiting for the host's turn: six
    # rounds of 0.1 s, so the last addresses waited five sixths of the run before their request
    # was made. Compared with the run's own length, not with a fixed time: a loaded machine
    # stretches both alike.
    assert max(r.ms or 0 for r in results) < wall_ms / 2, (sorted(r.ms or 0 for r in results), wall_ms)


# --- the status file ----------------------------------------------------------------------

T0 = dt.datetime(2026, 12, 4, 19, 0, tzinfo=dt.UTC)  # 22:30 in Tehran, 13 Azar 1405


def _run(ok: bool, ms: float = 100.0) -> list[Result]:
    return [Result("https://a.example/", ok, 200 if ok else 500, None if ok else "http-status", ms if ok else None),
            Result("https://b.example/", True, 200, None, 50.0, 40)]


def test_runs_are_kept_to_n_and_rolled_up_per_tehran_day() -> None:
    status = Status()
    status.append(T0, _run(True), keep_runs=2)
    status.append(T0 + dt.timedelta(hours=1), _run(False), keep_runs=2)  # 23:30 in Tehran: same day
    status.append(T0 + dt.timedelta(hours=2), _run(True, ms=5000), keep_runs=2)  # 00:30: the next day
    assert [r["started"] for r in status.runs] == ["2026-12-04T20:00:00+00:00", "2026-12-04T21:00:00+00:00"]
    assert [d["date"] for d in status.daily] == ["2026-12-04", "2026-12-05"]
    assert status.daily[0]["urls"]["https://a.example/"] == [2, 1, 0]
    assert status.daily[1]["urls"]["https://a.example/"] == [1, 1, 1]  # up, and slow
    assert status.uptime()["https://a.example/"] == (3, 2)
    latest = status.latest()["https://a.example/"]
    assert (latest.ok, latest.ms, latest.state()) == (True, 5000, "slow")
    assert status.latest()["https://b.example/"].tls_days_left == 40
    status.append(T0 + dt.timedelta(days=3), _run(True), keep_days=2)
    assert [d["date"] for d in status.daily] == ["2026-12-05", "2026-12-07"]


def test_the_file_round_trips_and_is_one_result_per_line(tmp_path: Path) -> None:
    status = Status()
    status.append(T0, _run(True))
    status.append(T0 + dt.timedelta(hours=6), _run(False))
    path = tmp_path / FILE
    path.write_text(status.dumps(), encoding="utf-8")
    again = load(path)
    assert (again.runs, again.daily) == (status.runs, status.daily)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"runs", "daily"}
    assert set(data["runs"][0]["results"][0]) == {"url", "ok", "status", "error", "ms", "tls_days_left"}
    lines = path.read_text(encoding="utf-8").splitlines()
    assert sum('"url": "https://a.example/"' in line for line in lines) == 2  # one line per result


@pytest.mark.parametrize(("text", "where", "key"), [
    ('{"runs": [', ":1:11:", "-"),
    ("[]", ":1:1:", "-"),
    ('{"runs": {}}', ":1:1:", "runs"),
    ('{"runs": [{"started": "yesterday", "results": []}]}', ":1:1:", "runs[0].started"),
    ('{"runs": [{"started": "2026-12-04T19:00:00Z", "results": [{"url": "x", "ok": "yes"}]}]}', ":1:1:", "runs[0].results[0].ok"),
    ('{"runs": [{"started": "2026-12-04T19:00:00Z", "results": [{"url": "x", "ok": true, "ms": "fast"}]}]}', ":1:1:", "runs[0].results[0].ms"),
    ('{"daily": [{"date": "2026-12-04", "urls": {"x": [1, 2, 0]}}]}', ":1:1:", "daily[0].urls"),
    (b"\xff\xfe", ":1:1:", "-"),
])
def test_a_bad_status_file_is_a_clear_error(tmp_path: Path, text: str | bytes, where: str, key: str) -> None:
    path = tmp_path / FILE
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(StatusError) as caught:
        load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}{where} error: {codes.AVAILABILITY_STATUS}: {key}: انتظار می‌رفت"), message
    assert codes.AVAILABILITY_STATUS in codes.all_codes()


# --- site-gen check-urls --------------------------------------------------------------------


def _catalogue(tmp: Path, base: str, refused_port: int) -> Path:
    root = tmp / "catalogue"
    (root / "cards" / "demo").mkdir(parents=True)
    (root / "licenses" / "demo").mkdir(parents=True)
    (root / "cards" / "demo" / "_agency.yaml").write_text(f"slug: demo\nname: سازمان نمونه\nwebsite: {base}/ok\n", encoding="utf-8")
    for slug, path in (("up", "/ok"), ("broken", "/500"), ("loop", "/loop")):
        (root / "cards" / "demo" / f"{slug}.yaml").write_text(f"title: خدمت {slug}\nagency: demo\nwebsite: {base}{path}\n", encoding="utf-8")
    (root / "cards" / "demo" / "gone.yaml").write_text(f"title: خدمت رفته\nagency: demo\nwebsite: http://127.0.0.1:{refused_port}/\n", encoding="utf-8")
    (root / "cards" / "demo" / "none.yaml").write_text("title: خدمت بی‌نشانی\nagency: demo\n", encoding="utf-8")
    (root / "licenses" / "demo" / "permit.yaml").write_text(f"title: پروانه نمونه\nagency: demo\nsample_url: {base}/redirect\n", encoding="utf-8")
    return root


def test_check_urls_appends_runs_and_summarises(tmp_path: Path, http_server: str, refused_port: int) -> None:
    root = _catalogue(tmp_path, http_server, refused_port)
    args = ["check-urls", str(root), "--timeout", "2", "--retries", "0", "--keep-runs", "1"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[0].startswith("۵ نشانی بررسی شد: ۲ در دسترس، ۰ کند")
    assert "  demo: ۲ در دسترس، ۰ کند، ۳ از دسترس خارج" in first.output
    assert f"از دسترس خارج: {http_server}/500: سرور پاسخ خطا داد (کد ۵۰۰)" in first.output
    assert f"از دسترس خارج: http://127.0.0.1:{refused_port}/: اتصال پذیرفته نشد" in first.output
    assert "Traceback" not in first.output
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 0, second.output
    status = load(root / FILE)
    assert len(status.runs) == 1  # --keep-runs 1
    assert sorted(r["url"] for r in status.runs[0]["results"]) == sorted({t.url for t in targets(load_catalogue(root, keep_records=True)[0])})
    assert status.uptime()[f"{http_server}/ok"] == (2, 2)  # both runs are in the rollup


def test_check_urls_leaves_a_bad_status_file_alone(tmp_path: Path, http_server: str, refused_port: int) -> None:
    root = _catalogue(tmp_path, http_server, refused_port)
    (root / FILE).write_text('{"runs": 3}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["check-urls", str(root)])
    assert result.exit_code == 1
    assert f"{root / FILE}:1:1: error: availability-status: runs: انتظار می‌رفت فهرست اجراها باشد، اما عدد صحیح آمده است" in result.output
    assert (root / FILE).read_text(encoding="utf-8") == '{"runs": 3}'
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- the pages ------------------------------------------------------------------------------


def _site(root: Path, docs: Path) -> dict[str, str]:
    catalogue, report = load_catalogue(root, keep_records=True, use_cache=False, jobs=1)
    assert not report.errors, report.errors
    write_site(catalogue, docs, {}, jobs=1)
    # every file as text (the workbook of the open-data exports is binary: compared as bytes' text)
    return {p.relative_to(docs).as_posix(): p.read_bytes().decode("utf-8", "backslashreplace") for p in sorted(docs.rglob("*")) if p.is_file()}


def _status_for(root: Path, base: str, refused_port: int) -> None:
    status = Status()
    urls = {f"{base}/ok": True, f"{base}/500": False, f"{base}/loop": False, f"http://127.0.0.1:{refused_port}/": False, f"{base}/redirect": True}
    status.append(T0 - dt.timedelta(days=1), [Result(u, True, 200, None, 120.0) for u in urls])
    status.append(T0, [Result(u, ok, 200 if ok else 500, None if ok else "http-status", 4200.0 if u.endswith("/redirect") else 80.0 if ok else None, 12 if ok else None)
                       for u, ok in urls.items()])
    (root / FILE).write_text(status.dumps(), encoding="utf-8")


#: The additions to the page templates.
AVAILABILITY_BLOCKS = {
    "service.md.j2": "{% if r.availability %}{{ r.availability }}\n\n{% endif %}\n",
    "home.md.j2": '{% if r.availability %}\n{{ section("وضعیت خدمات الکترونیکی", r.availability) }}\n{% endif %}\n',
}


def test_without_a_status_file_the_site_is_as_before(tmp_path: Path, http_server: str, refused_port: int) -> None:
    root = _catalogue(tmp_path, http_server, refused_port)
    built = _site(root, tmp_path / "docs")
    templates = tmp_path / "templates"  # the templates without the availability line
    shutil.copytree(pages.TEMPLATES, templates)
    for name, block in AVAILABILITY_BLOCKS.items():
        text = (templates / name).read_text(encoding="utf-8")
        assert block in text, name
        (templates / name).write_text(text.replace(block, ""), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:  # the site with availability taken out entirely
        mp.setattr(pages, "availability_jobs", lambda site: [])
        mp.setattr(pages, "status_line", lambda site, key: Markup(""))
        mp.setattr(pages, "availability_home", lambda site: Markup(""))
        mp.setattr(pages, "TEMPLATES", templates)
        without = _site(root, tmp_path / "docs-without")
    assert built == without
    assert not any(p.startswith("availability/") for p in built)


def test_service_pages_and_availability_pages(tmp_path: Path, http_server: str, refused_port: int) -> None:
    root = _catalogue(tmp_path, http_server, refused_port)
    _status_for(root, http_server, refused_port)
    built = _site(root, tmp_path / "docs")
    up = built["services/demo/up/index.md"]
    assert ('<p class="availability">وضعیت نشانی اینترنتی خدمت: <span class="availability-state availability-state--up">در دسترس</span>'
            " · زمان پاسخ ۸۰ میلی‌ثانیه · آخرین بررسی: ۱۳ آذر ۱۴۰۵، ساعت ۲۲:۳۰ به وقت تهران · دسترس‌پذیری در ۲ روز گذشته: ۱۰۰٪") in up
    assert '<a href="../../../availability/demo/">' in up
    broken = built["services/demo/broken/index.md"]
    assert "availability-state--down\">از دسترس خارج</span> (سرور پاسخ خطا داد، کد ۵۰۰)" in broken
    assert "دسترس‌پذیری در ۲ روز گذشته: ۵۰٪" in broken
    assert "availability" not in built["services/demo/none/index.md"].split("---", 2)[2]  # no address, no line
    agency = built["availability/demo/index.md"]
    for shown in ("خدمت broken", "پروانه نمونه", "سازمان نمونه", "نمونهٔ مجوز", "کند", "۴٫۲ ثانیه", "۱۲ روز", "۱۳ آذر ۱۴۰۵، ساعت ۲۲:۳۰"):
        assert shown in agency, shown
    assert agency.index("خدمت broken") < agency.index("پروانه نمونه") < agency.index(">خدمت up<")  # down, slow, then up
    assert '<p><a href="availability/">وضعیت نشانی‌های اینترنتی خدمات و دستگاه‌ها</a>: ۱ در دسترس، ۱ کند، ۳ از دسترس خارج.</p>' in built["index.md"]
    index = built["availability/index.md"]
    assert '<a href="../availability/demo/">سازمان نمونه</a>' in index
    assert "<td data-label=\"نشانی‌ها\">۶</td>" in index


def test_status_file_text_is_data(tmp_path: Path, http_server: str, refused_port: int) -> None:
    root = _catalogue(tmp_path, http_server, refused_port)
    status = Status()
    status.append(T0, [Result(f"{http_server}/500", False, 500, "<script>alert(1)</script>{{ x }}", None)])
    (root / FILE).write_text(status.dumps(), encoding="utf-8")
    built = _site(root, tmp_path / "docs")
    for page in built.values():
        assert "<script>alert" not in page and "{{ x }}" not in page


def test_a_bad_status_file_stops_the_build_with_its_error(tmp_path: Path, http_server: str, refused_port: int) -> None:
    root = _catalogue(tmp_path, http_server, refused_port)
    (root / FILE).write_text('{"runs": [}', encoding="utf-8")
    with pytest.raises(BuildError, match=f"{FILE}:1:11: error: availability-status: -: "):
        stage(root)
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(tmp_path / "site")])
    assert result.exit_code == 1
    assert "error: availability-status" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "site").exists()
    (root / FILE).unlink()
    (root / FILE).symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(BuildError, match="پیوند نمادین"):
        stage(root)


def test_check_state_thresholds() -> None:
    assert Check(T0, True, 200, None, 3001, None).state() == "slow"
    assert Check(T0, True, 200, None, 3000, None).state() == "up"
    assert Check(T0, False, 500, "http-status", None, None).state() == "down"


# --- the scheduled CI jobs ------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]


def test_github_schedule_probes_commits_and_publishes_and_never_runs_on_pull_requests() -> None:
    import yaml

    wf = yaml.safe_load((REPO / ".github/workflows/availability.yml").read_text(encoding="utf-8"))
    on = wf[True] if True in wf else wf["on"]
    assert set(on) == {"schedule", "workflow_dispatch"} and on["schedule"][0]["cron"]
    assert wf["permissions"] == {"contents": "read"} and wf["concurrency"] == {"group": "availability", "cancel-in-progress": False}
    probe_job, deploy = wf["jobs"]["probe"], wf["jobs"]["deploy"]
    assert probe_job["permissions"] == {"contents": "write"} and deploy["needs"] == "probe"
    runs = "\n".join(s.get("run", "") for s in probe_job["steps"])
    assert "site-gen check-urls . --out status.json" in runs and "git add status.json" in runs and 'git push -q origin "HEAD:$BRANCH"' in runs
    assert "${{ github" not in runs  # no expression injection in scripts
    catalogue = yaml.safe_load((REPO / ".github/workflows/catalogue.yml").read_text(encoding="utf-8"))
    versions = {s["uses"] for job in catalogue["jobs"].values() for s in job["steps"] if "uses" in s}
    ours = {s["uses"] for job in wf["jobs"].values() for s in job["steps"] if "uses" in s}
    assert ours <= versions, ours - versions  # the same (current) versions as the main workflow
    assert any(s.get("run") == "make site" for s in deploy["steps"])


def test_gitlab_schedule_probes_commits_and_hands_the_file_to_pages() -> None:
    import yaml

    ci = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    job = ci["check-urls"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH'}]
    assert job["artifacts"]["paths"] == ["status.json"] and job["resource_group"] == "status-file"
    script = "\n".join(job["script"])
    assert ".venv/bin/site-gen check-urls . --out status.json" in script and "-o ci.skip" in script
    assert ci["stages"].index(job["stage"]) < ci["stages"].index(ci["pages"]["stage"])  # pages gets the new file
    assert "$CI_PIPELINE_SOURCE" not in str(ci["pages"]["rules"])  # pages also runs in the scheduled pipeline
    for name, other in ci.items():
        if isinstance(other, dict) and "script" in other and name != "check-urls":
            assert "check-urls" not in "\n".join(other["script"]), name


def test_progress_on_a_terminal_only() -> None:
    import io

    from site_gen.availability.check import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown, piped = Terminal(), io.StringIO()
    for stream in (shown, piped):
        progress = Progress(stream)
        progress(1, 3)
        progress(3, 3)
        progress.done()
    assert "بررسی نشانی‌ها: ۳ از ۳" in shown.getvalue() and shown.getvalue().endswith("\r\x1b[K")
    assert piped.getvalue() == ""


def test_a_bad_time_limit_is_explained(tmp_path: Path) -> None:
    (tmp_path / "cards").mkdir()
    result = CliRunner().invoke(cli, ["check-urls", str(tmp_path), "--timeout", "0"])
    assert result.exit_code == 2
    assert "خطا: مقدار نادرست برای «--timeout»: انتظار می‌رفت عدد بزرگ‌تر یا مساوی 0.1" in result.output, result.output
