"""A usage export dropped into an intake's thread: read, then offered for confirmation.

A person whose intake is in progress in a thread shares a file there (a message with
``subtype: file_share``). ftroi checks that it can be a usage export (a ``.json`` or
``.csv``, or a JSON or text type) no larger than :data:`~bot.slack.limits.SHARED_FILE_BYTES`
— by the size Slack gives, then while reading — downloads it with the bot token
(:mod:`bot.slack.downloads`) and reads it with :mod:`bot.usage`, as ``ftroi chat --usage``
does: the workload and the API model it measured are offered at the intake's current step
(the dialogue's ``Propose``), echoed with where each comes from, for Use these / Retype /
Edit…. Nothing is taken before Use these. A file that cannot be one, is too large, cannot
be downloaded or that the reader refuses is refused to its sharer, ephemerally in the
thread, with the reader's message, and the intake stays as it was.

An export that counts no requests (Anthropic's) is read with the requests a day — or the
average input tokens — the person already gave in the intake; without either, they are
asked to give it first. A file shared where its sharer has no intake is left alone
(screenshots and notes are shared in threads), unless the message is addressed to ftroi.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from slack_sdk.web.async_client import AsyncWebClient

from bot.dialogue.session import NotAtStep
from bot.dialogue.state import DialogueState, Propose
from bot.slack.deps import Deps
from bot.slack.downloads import DownloadError, download_file, file_hosts
from bot.slack.limits import SHARED_FILE_BYTES, SHARED_FILE_SECONDS
from bot.slack.listeners.flows import intake
from bot.slack.listeners.flows.post import Place
from bot.slack.listeners.flows.problems import Refusal
from bot.slack.payloads import SharedFile
from bot.slack.render import off_loop
from bot.usage import Measured, NoRequestCounts, UsageFileError, measure, proposals
from bot.usage.apply import INPUT, REQUESTS
from bot.usage.read import EXPECTED

__all__ = ["SUFFIXES", "TYPES", "can_be_usage", "shared"]

#: What a usage export is shared as: its name's ending, or the type Slack gives it.
SUFFIXES = (".json", ".jsonl", ".ndjson", ".csv", ".txt")
TYPES = ("application/json", "application/x-ndjson", "text/csv", "application/csv",
         "text/x-csv", "text/plain", "application/vnd.ms-excel")
_NO_INTAKE = ("To read a usage export, share it in the thread of your intake: start one with "
              "/ftroi new, then drop the file under its step.")


def can_be_usage(file: SharedFile) -> bool:
    """A ``.json``/``.csv`` (or ``.jsonl``, ``.txt``) file, or one of a JSON or text type."""
    return file.name.lower().endswith(SUFFIXES) or file.mimetype.lower() in TYPES


def _label(file: SharedFile) -> str:
    """The file's name as the reader will quote it: its last part, in safe characters."""
    base = file.name.replace("\\", "/").rsplit("/", 1)[-1]
    safe = re.sub(r"[^\w.\- ()]+", "_", base).strip(" .")[:100]
    return safe or f"{file.id}.txt"


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def _checked(file: SharedFile) -> str:
    """``file``'s download link, or the refusal of a file that cannot be a usage export."""
    name = _label(file)
    if not can_be_usage(file):
        kind = file.mimetype or "a file of no type"
        raise Refusal(f"{name} ({kind}) is not a usage export — {EXPECTED}, shared as a "
                      ".json or .csv file.")
    if file.size > SHARED_FILE_BYTES:
        raise Refusal(f"{name} is {_mb(file.size)}; ftroi reads usage exports of up to "
                      f"{_mb(SHARED_FILE_BYTES)} from Slack (a 90-day hourly OpenAI export of "
                      "10 models is about 6 MB). Export daily buckets or a shorter window, or "
                      "read it on your machine with ftroi roi --usage FILE.")
    if not file.url_private_download:
        raise Refusal(f"{name}: Slack gave no download link for it (a file hidden by the "
                      "workspace's plan, or still being processed); share it again.")
    return file.url_private_download


def _given(state: DialogueState) -> dict[str, float]:
    """The requests a day or input tokens the person typed, for an export without requests."""
    values = {path: state.draft.get(path) for path in (REQUESTS, INPUT)}
    return {path: float(v) for path, v in values.items()
            if isinstance(v, int | float) and not isinstance(v, bool) and v > 0}


def _measured(data: bytes, name: str, deps: Deps, given: dict[str, float]) -> Measured:
    """The export read and derived (in a folder of its own, removed after)."""
    with tempfile.TemporaryDirectory(prefix="ftroi-usage-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return measure(path, now=deps.clock.now(), requests_per_day=given.get(REQUESTS),
                       avg_input_tokens_per_request=given.get(INPUT))


def _offer(m: Measured, step: str) -> Propose:
    """What was measured, as one answer to the intake's current step."""
    offers = proposals(m, width=None)
    values = {path: value for _, found, _ in offers for path, value in found.items()}
    why = tuple(line for _, _, lines in offers for line in lines)
    return Propose(step=step, values=values, why=why, text=m.name, measured=m.whole)


async def shared(deps: Deps, client: AsyncWebClient, *, team: str, user: str, thread: Place,
                 files: list[SharedFile], addressed: bool) -> None:
    """``user`` shared ``files`` in ``thread``: an export for their intake there, or talk."""
    key = intake.key_of(team, thread, user)
    state = await deps.dialogue(key, lambda s: s.load())
    if state is None or state.status != "active":
        if addressed:
            raise Refusal(_NO_INTAKE)
        return
    if len(files) != 1:
        raise Refusal(f"Share one usage export at a time; this message holds {len(files)} "
                      "files.")
    file = files[0]
    url, name = _checked(file), _label(file)
    token = client.token
    if not token:
        raise Refusal(f"{name}: ftroi has no token for this workspace to download it with.")
    try:
        data = await download_file(url, token=token, name=name, limit=SHARED_FILE_BYTES,
                                   timeout=SHARED_FILE_SECONDS,
                                   hosts=file_hosts(deps.settings.api_url))
    except DownloadError as e:
        raise Refusal(str(e)) from None
    given = _given(state)
    try:
        measured = await off_loop(lambda: _measured(data, name, deps, given))
    except NoRequestCounts:
        raise Refusal(f"{name} counts tokens but no requests. Type the requests a day in this "
                      "thread first (e.g. '20k requests a day') and press Use these, then "
                      "share the file again: ftroi derives the rest from them.") from None
    except UsageFileError as e:
        raise Refusal(str(e)) from None
    event = _offer(measured, state.step)
    try:
        turn = await deps.dialogue(key, lambda s: s.handle(event, in_progress=True))
    except NotAtStep:
        raise Refusal(f"{name} was read, but your intake in this thread ended meanwhile; "
                      "nothing was changed.") from None
    await intake.show(deps, client, thread, turn)
