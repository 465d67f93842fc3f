"""Serve an aiohttp application on 127.0.0.1 at a free port (the fake, or the app under test)."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web


@dataclass
class Served:
    url: str
    runner: web.AppRunner

    async def close(self) -> None:
        await self.runner.cleanup()


async def serve(app: web.Application) -> Served:
    """Start ``app`` on loopback; the port is the one the OS picked. ``close()`` stops it."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    return Served(f"http://{host}:{port}", runner)
