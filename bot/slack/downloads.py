"""Downloading a file a person shared: its ``url_private_download``, with the bot token.

Slack serves a shared file's bytes at ``url_private_download`` to a request carrying
``Authorization: Bearer`` and a token with ``files:read``
(docs.slack.dev/reference/objects/file-object); to any other it answers 200 with its sign-in
page, HTML in place of the file (Slack staff in slackapi/bolt-js#2585). So an HTML answer,
or a redirect, is "Slack did not hand over the file" — never read as the file.

The token goes to Slack's file host only: ``https://files.slack.com``, or the host of
``FTROI_SLACK_API_URL`` when ftroi talks to another Web API (a proxy, a test's fake). A
link anywhere else is refused before any request is made, redirects are not followed (the
token would follow them), and no more than ``limit`` bytes are read.

>>> sorted(file_hosts("https://slack.com/api/"))
['https://files.slack.com']
>>> sorted(file_hosts("http://127.0.0.1:8123/api/"))
['http://127.0.0.1:8123', 'https://files.slack.com']
"""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import urlsplit

import aiohttp

__all__ = ["SLACK_FILES", "DownloadError", "download_file", "file_hosts", "origin"]

SLACK_FILES = "https://files.slack.com"
_SLACK_API = "https://slack.com"


class DownloadError(Exception):
    """The file could not be had from Slack; the message says why in plain words."""


def origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url`` (lower-cased), or "" when it has none."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


def file_hosts(api_url: str) -> frozenset[str]:
    """Where ftroi sends its token for a file: Slack's file host, and ``api_url``'s host
    when it is not Slack's own."""
    api = origin(api_url)
    return frozenset({SLACK_FILES} | ({api} if api and api != _SLACK_API else set()))


async def download_file(url: str, *, token: str, name: str, limit: int, timeout: float,
                        hosts: Collection[str]) -> bytes:
    """The bytes at ``url`` (a shared file's ``url_private_download``), at most ``limit``;
    :class:`DownloadError` naming the file (``name``) otherwise."""
    if origin(url) not in hosts:
        raise DownloadError(f"{name}: its download link is not on Slack's file host, so "
                            "ftroi did not fetch it")
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as s, \
                s.get(url, headers={"Authorization": f"Bearer {token}"},
                      allow_redirects=False) as answer:
            if answer.status != 200 or answer.content_type == "text/html":
                signed_out = answer.content_type == "text/html" or 300 <= answer.status < 400
                raise DownloadError(
                    f"{name}: Slack answered with its sign-in page instead of the file — "
                    "ftroi's install may lack the files:read permission; ask whoever "
                    "installed ftroi to reinstall it from its app page" if signed_out else
                    f"{name}: Slack did not hand over the file (HTTP {answer.status}); "
                    "share it again in a minute")
            data = bytearray()
            async for chunk in answer.content.iter_chunked(64 * 1024):
                data += chunk
                if len(data) > limit:
                    raise DownloadError(f"{name}: larger than the {limit // 2**20} MB ftroi "
                                        "reads from Slack")
            return bytes(data)
    except (aiohttp.ClientError, TimeoutError) as e:
        raise DownloadError(f"{name}: the download from Slack failed "
                            f"({type(e).__name__}); share it again in a minute") from None
