"""`site-gen serve`: previews on 127.0.0.1 and rebuilds the page of a card that changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from helpers import harness

SITE_GEN = str(Path(sys.executable).parent / "site-gen")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch_until(url: str, needle: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                last = r.read().decode("utf-8")
            if needle in last:
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{needle!r} not served at {url} within {seconds}s")


def test_serve_refreshes_when_a_card_changes(tmp_path: Path) -> None:
    root = harness(tmp_path)
    port = free_port()
    proc = subprocess.Popen([SITE_GEN, "serve", str(root), "--addr", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/services/demo/other-service/"
        fetch_until(url, "خدمت دیگر")
        card = root / "cards/demo/other-service.yaml"
        card.write_text(card.read_text(encoding="utf-8").replace("خدمت دیگر", "خدمت ویرایش‌شده"), encoding="utf-8")
        fetch_until(url, "خدمت ویرایش‌شده")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
