"""``ftroi serve`` as a child process, for the tests that need the real thing: a port of
its own, settings from the environment, its log kept in a file, and a wait until it is up.

    port = free_port()
    serve = await ftroi_serve(tmp_path / "serve.log", environment(SLACK_BOT_TOKEN=…, …),
                              "--port", str(port))
    await until_up(port, serve)
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

import aiohttp

__all__ = ["ROOT", "Serve", "environment", "free_port", "ftroi_serve", "get", "until_up"]

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(**settings: str) -> dict[str, str]:
    """This process's environment without any Slack or ftroi setting, plus ``settings``."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "FTROI_"))}
    return {**env, **settings}


class Serve:
    """``ftroi serve`` in a child process, its standard error kept in a file (a pipe
    nobody reads while it runs would fill up with DEBUG lines and stall it)."""

    def __init__(self, process: asyncio.subprocess.Process, log: Path) -> None:
        self.process, self.log = process, log

    @property
    def returncode(self) -> int | None:
        return self.process.returncode

    async def wait(self, timeout: float = 30) -> int:
        return await asyncio.wait_for(self.process.wait(), timeout)

    async def kill(self) -> None:
        """SIGKILL, as a node failure would: no shutdown, no goodbye."""
        if self.process.returncode is None:
            self.process.kill()
        await self.wait()

    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8")


async def ftroi_serve(log: Path, env: dict[str, str], *args: str) -> Serve:
    with log.open("wb") as sink:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "serve", *args, cwd=ROOT, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=sink)
    return Serve(process, log)


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


async def until_up(port: int, serve: Serve, timeout: float = 30) -> None:
    """Wait until ``/healthz`` answers on ``port``; fail with the log if the process ends."""
    async with asyncio.timeout(timeout):
        while True:
            if serve.returncode is not None:
                raise AssertionError("ftroi serve exited: " + serve.stderr())
            try:
                if (await get(f"http://127.0.0.1:{port}/healthz"))[0] == 200:
                    return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
