"""Files into a thread with Slack's upload v2 flow, and what to say when Slack refuses.

``files_upload_v2`` asks ``files.getUploadURLExternal`` for a URL per file, posts the bytes
there and shares them with ``files.completeUploadExternal`` in the channel or thread. Any
of the three can fail (a rate limit beyond the retries, a refused length, the file service
answering an error, the network); :func:`upload_files` then returns what went wrong in a
few words instead of raising, so the caller can say in the thread that the file is missing
while everything posted before it stays.

>>> slug("Support bot (what if × 2)!")
'support-bot-what-if-2'
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from bot.reports.chart_plans import Chart
from bot.slack.limits import FALLBACK_TEXT, FILE_ALT_TEXT, FILE_TITLE, entities_text, truncate

__all__ = ["SlackFile", "chart_file", "slug", "upload_files"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SlackFile:
    """One file to share: its bytes, file name, title and (for images) alt text."""

    filename: str
    content: bytes
    title: str
    alt_txt: str | None = None


def slug(name: str) -> str:
    """A file-name-safe form of a scenario name (ASCII, lower case, dashes)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "scenario"


def chart_file(chart: Chart, *, stem: str) -> SlackFile:
    """A chart as a PNG file, its title the chart's answer and its alt text the chart's."""
    return SlackFile(filename=f"{stem}.png", content=chart.png,
                     title=truncate(chart.title, FILE_TITLE),
                     alt_txt=truncate(chart.alt_text, FILE_ALT_TEXT))


async def upload_files(client: AsyncWebClient, files: Sequence[SlackFile], *, channel: str,
                       thread_ts: str | None, comment: str | None = None) -> str | None:
    """Share ``files`` in the channel or thread; None when done, else why not (a phrase).
    ``comment`` is plain words: Slack parses an ``initial_comment`` as mrkdwn, so ``&<>``
    are escaped here (a scenario named ``<!channel>`` pings nobody)."""
    uploads = [{"filename": f.filename, "content": f.content, "title": f.title,
                **({"alt_txt": f.alt_txt} if f.alt_txt else {})} for f in files]
    try:
        await client.files_upload_v2(file_uploads=uploads, channel=channel,
                                     thread_ts=thread_ts,
                                     initial_comment=entities_text(comment, FALLBACK_TEXT)
                                     if comment else None)
    except SlackApiError as e:
        reason = f"Slack answered {e.response.get('error', 'an error')}"
    except SlackRequestError:
        reason = "Slack's file service refused it"
    except (TimeoutError, aiohttp.ClientError):
        reason = "Slack's file service could not be reached"
    else:
        return None
    log.warning("upload failed: %s", reason,
                extra={"channel": channel, "thread_ts": thread_ts, "files": len(files)})
    return reason
