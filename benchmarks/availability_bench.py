"""Availability benchmark (issue 18): ``site-gen check-urls`` on 2,000 addresses against a local
server, goal ≤ 10 s; and the size of the status file after many runs.

    .venv/bin/python benchmarks/availability_bench.py [--urls 2000]

A child process serves plain HTTP/1.1 on ten loopback addresses (127.0.0.1 to 127.0.0.10, so
that the per-host limit applies as it would to ten agencies' servers; 127.0.0.1 alone where
the system has no other loopback address). Of every hundred addresses: 3 answer 500 (retried
after a back-off, then down), 4 redirect, 2 answer after 50 ms, 1 refuses HEAD (GET follows),
the rest answer 200 at once. The catalogue has one service per address, in 40 agencies. The
time is the wall time of the whole ``site-gen check-urls`` process (start-up, reading the
catalogue, probing, writing the status file), once: on this shared 2-core machine an upper
bound. Nothing leaves 127.0.0.0/8. Writes ``benchmarks/results.json["availability"]``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
WORK = HERE / "work" / "availability"
SITE_GEN = str(Path(sys.executable).parent / "site-gen")
GOAL_S = 10.0


def _hosts() -> list[str]:
    found = []
    for i in range(1, 11):
        host = f"127.0.0.{i}"
        try:
            with socket.socket() as s:
                s.bind((host, 0))
            found.append(host)
        except OSError:
            pass
    return found or ["127.0.0.1"]


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
        method, path = head.split(b" ", 2)[:2]
        tail = path.rsplit(b"/", 1)[-1]
        kind = int(tail) % 100 if tail.isdigit() else 99
        extra = b""
        if kind < 3:
            status = 500
        elif kind < 7:
            status, extra = 301, b"Location: /svc/ok\r\n"
        elif kind < 9:
            await asyncio.sleep(0.05)
            status = 200
        elif kind == 9 and method == b"HEAD":
            status = 405
        else:
            status = 200
        writer.write(b"HTTP/1.1 %d X\r\nContent-Length: 0\r\nConnection: close\r\n%s\r\n" % (status, extra))
        await writer.drain()
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
        pass
    finally:
        writer.close()


def _serve(hosts: list[str], port: int, ready: Any) -> None:
    async def main() -> None:
        servers = [await asyncio.start_server(_handle, host, port, backlog=1024) for host in hosts]
        ready.set()
        await asyncio.gather(*(s.serve_forever() for s in servers))

    asyncio.run(main())


def _free_port(hosts: list[str]) -> int:
    while True:
        with socket.socket() as s:
            s.bind((hosts[0], 0))
            port = s.getsockname()[1]
        try:
            for host in hosts[1:]:
                with socket.socket() as s:
                    s.bind((host, port))
            return port
        except OSError:
            continue


def _catalogue(root: Path, hosts: list[str], port: int, n: int) -> None:
    shutil.rmtree(root, ignore_errors=True)
    for a in range(40):
        folder = root / "cards" / f"agency-{a:02d}"
        folder.mkdir(parents=True)
        (folder / "_agency.yaml").write_text(f"slug: agency-{a:02d}\nname: دستگاه {a}\n", encoding="utf-8")
    for i in range(n):
        a = i % 40
        url = f"http://{hosts[i % len(hosts)]}:{port}/svc/{i}"
        (root / "cards" / f"agency-{a:02d}" / f"service-{i:05d}.yaml").write_text(
            f"title: خدمت {i}\nagency: agency-{a:02d}\nwebsite: {url}\n", encoding="utf-8")


def _status_growth(status_file: Path) -> dict[str, int]:
    """Bytes of the status file after 1, 30 and 120 more runs (four a day): bounded by
    keep-runs and keep-days, not by the number of runs."""
    from site_gen.availability.probe import Result
    from site_gen.availability.status import Status, load

    base = load(status_file)
    results = [Result(**r) for r in base.runs[-1]["results"]]
    status = Status()
    sizes = {}
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for k in range(1, 121):
        status.append(start + dt.timedelta(hours=6 * k), results)
        if k in (1, 30, 120):
            sizes[f"bytes_after_{k}_runs"] = len(status.dumps().encode())
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--urls", type=int, default=2000)
    args = parser.parse_args()
    load = round(os.getloadavg()[0], 2)  # the machine is shared: the figure is an upper bound
    hosts = _hosts()
    port = _free_port(hosts)
    ready = multiprocessing.get_context("spawn").Event()
    server = multiprocessing.get_context("spawn").Process(target=_serve, args=(hosts, port, ready), daemon=True)
    server.start()
    try:
        if not ready.wait(30):
            raise SystemExit("the local server did not start")
        root = WORK / "catalogue"
        _catalogue(root, hosts, port, args.urls)
        out = WORK / "status.json"
        out.unlink(missing_ok=True)
        start = time.perf_counter()
        run = subprocess.run([SITE_GEN, "check-urls", str(root), "--out", str(out)], capture_output=True, text=True)
        seconds = time.perf_counter() - start
    finally:
        server.terminate()
        server.join(10)
    if run.returncode != 0:
        raise SystemExit(run.stdout + run.stderr)
    status = json.loads(out.read_text(encoding="utf-8"))
    results = status["runs"][-1]["results"]
    figures = {
        "urls": len(results),
        "hosts": len(hosts),
        "check_urls_s": round(seconds, 2),
        "goal_s": GOAL_S,
        "ok": sum(r["ok"] for r in results),
        "down": sum(not r["ok"] for r in results),
        "summary": run.stdout.splitlines()[0].split("؛")[0],
        "load_average_1min_before": load,
        **_status_growth(out),
    }
    data = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    data["availability"] = figures
    RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=1, ensure_ascii=False))
    if seconds > GOAL_S:
        print(f"slower than the goal of {GOAL_S:g} s", file=sys.stderr)


if __name__ == "__main__":
    main()
