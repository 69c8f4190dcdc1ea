"""Drive a system Chromium over the DevTools protocol: open a page, read it, screenshot it.

Used by `breedbeeld demo` (the report's screenshot) and by the report test (no console
errors, key texts present). It talks to Debian's `chromium` through aiohttp's websocket
client, so no browser download and no extra library are needed. Chromium runs headless,
with its background networking off: it only reaches the page it is pointed at.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
FLAGS = (
    "--headless=new",
    "--no-sandbox",  # the bot and CI run as root in a container
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
)
_LISTENING = re.compile(r"DevTools listening on (ws://\S+)")


class BrowserError(RuntimeError):
    """Chromium is missing, did not start, or the page did not load in time."""


def find_chromium() -> str | None:
    """The Chromium to use: $BREEDBEELD_CHROMIUM, else the first one on the PATH."""
    configured = os.environ.get("BREEDBEELD_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


@dataclass
class PageVisit:
    """What a visit saw: the visible text, problems reported by the page, a screenshot."""

    url: str
    text: str = ""
    console_errors: list[str] = field(default_factory=list)
    images_loaded: bool = False
    stylesheet_applied: bool = False
    screenshot: bytes = b""


class _DevTools:
    """A minimal DevTools protocol session on one page target."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self._socket = socket
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    async def call(self, method: str, timeout: float = 30, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        call_id = self._next_id
        await self._socket.send_str(json.dumps({"id": call_id, "method": method, "params": params}))
        async with asyncio.timeout(timeout):
            while True:
                message = json.loads((await self._socket.receive()).data)
                if message.get("id") == call_id:
                    if "error" in message:
                        raise BrowserError(f"{method}: {message['error']}")
                    return dict(message.get("result", {}))
                if "method" in message:
                    self.events.append(message)

    async def wait_for(self, event: str, timeout: float = 30) -> None:
        if any(e["method"] == event for e in self.events):
            return
        async with asyncio.timeout(timeout):
            while True:
                message = json.loads((await self._socket.receive()).data)
                if "method" in message:
                    self.events.append(message)
                    if message["method"] == event:
                        return


def _problems(events: list[dict[str, Any]]) -> list[str]:
    """Console errors, uncaught exceptions and browser-reported errors (CSP, 404s)."""
    found = []
    for event in events:
        params = event.get("params", {})
        if event["method"] == "Runtime.consoleAPICalled" and params.get("type") in (
            "error",
            "assert",
        ):
            found.append(
                " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
            )
        elif event["method"] == "Runtime.exceptionThrown":
            found.append(str(params.get("exceptionDetails", {}).get("text")))
        elif event["method"] == "Log.entryAdded" and params["entry"].get("level") == "error":
            entry = params["entry"]
            found.append(f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}")
    return found


async def visit(url: str, *, screenshot: bool = False, width: int = 1100) -> PageVisit:
    """Open `url` in headless Chromium and report what it shows."""
    chromium = find_chromium()
    if chromium is None:
        raise BrowserError("Chromium is not installed (Debian: apt-get install chromium)")
    profile = tempfile.mkdtemp(prefix="breedbeeld-chromium-")
    process = await asyncio.create_subprocess_exec(
        chromium,
        *FLAGS,
        f"--user-data-dir={profile}",
        f"--window-size={width},900",
        "about:blank",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        endpoint = await _devtools_endpoint(process)
        port = endpoint.split(":")[2].split("/")[0]
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/json/list") as response:
                targets = await response.json()
            page = next(t for t in targets if t.get("type") == "page")
            async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as socket:
                return await _read_page(_DevTools(socket), url, screenshot, width)
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                async with asyncio.timeout(10):
                    await process.wait()
            except TimeoutError:
                process.kill()
                await process.wait()
        shutil.rmtree(profile, ignore_errors=True)


async def _devtools_endpoint(process: asyncio.subprocess.Process) -> str:
    assert process.stderr is not None
    seen: list[str] = []
    try:
        async with asyncio.timeout(60):
            while True:
                line = (await process.stderr.readline()).decode("utf-8", "replace")
                if not line:
                    raise BrowserError("Chromium stopped before it listened:\n" + "".join(seen))
                seen.append(line)
                match = _LISTENING.search(line)
                if match:
                    return match.group(1)
    except TimeoutError:
        raise BrowserError("Chromium did not start within 60 seconds") from None


async def _read_page(tools: _DevTools, url: str, screenshot: bool, width: int) -> PageVisit:
    for domain in ("Runtime", "Log", "Page"):
        await tools.call(f"{domain}.enable")
    await tools.call("Page.navigate", url=url)
    await tools.wait_for("Page.loadEventFired", timeout=60)
    checks = await tools.call(
        "Runtime.evaluate",
        expression=(
            "JSON.stringify({text: document.body ? document.body.innerText : '',"
            " images: Array.from(document.images).every(i => i.complete && i.naturalWidth > 0),"
            " styled: document.styleSheets.length > 0 &&"
            "   getComputedStyle(document.body).maxWidth !== 'none'})"
        ),
        returnByValue=True,
    )
    seen = json.loads(checks["result"]["value"])
    result = PageVisit(
        url=url,
        text=seen["text"],
        images_loaded=seen["images"],
        stylesheet_applied=seen["styled"],
    )
    if screenshot:
        metrics = await tools.call("Page.getLayoutMetrics")
        height = int(metrics["cssContentSize"]["height"])
        await tools.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        shot = await tools.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        result.screenshot = base64.b64decode(shot["data"])
    result.console_errors = _problems(tools.events)
    return result
