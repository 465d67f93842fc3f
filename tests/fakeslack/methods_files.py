"""The files upload v2 flow: files.getUploadURLExternal → POST the bytes → completeUploadExternal.

docs.slack.dev/reference/methods/files.getUploadURLExternal: ``filename`` and ``length``
(bytes) are required; it answers ``upload_url`` and ``file_id``. The bytes go to that
URL as a raw body or a multipart form; Slack answers ``200`` with ``OK - <length>``.
files.completeUploadExternal takes ``files`` (a JSON array of ``{"id", "title"}``) and
optionally ``channel_id`` (or ``channels``), ``thread_ts`` and ``initial_comment``; the
shared files then appear as a message in that channel or thread.

The fake refuses bytes whose length differs from the announced ``length`` (``400``), and
completing a file whose bytes never arrived (``file_not_found``): both are app bugs. As
Slack does, it refuses a ``channel_id`` that is not a conversation id — a user id (``U…``)
or a ``#name``, which chat.postMessage accepts — with ``invalid_arguments`` and "input must
match regex pattern: ^[CGDZ][A-Z0-9]{8,}$ [json-pointer:/channel_id]" (Slack staff in
slackapi/bolt-js#2115 and slackapi/python-slack-sdk#1326/#1426: post to the ``D…`` id of the
conversation with the person).
"""

from __future__ import annotations

import re
from typing import Any

from .api import Ctx, SlackError
from .store import Store, Upload

#: files.getUploadURLExternal's documented ``alt_txt_too_large`` limit.
ALT_TXT = 1000
#: What files.completeUploadExternal accepts as ``channel_id`` (its answer quotes it).
CHANNEL_ID = re.compile(r"^[CGDZ][A-Z0-9]{8,}$")


def get_upload_url_external(ctx: Ctx) -> dict[str, Any]:
    ctx.need("files:write")
    filename = ctx.arg("filename")
    try:
        length = int(ctx.arg("length", "missing_argument"))
    except ValueError as e:
        raise SlackError("invalid_arguments", "[ERROR] length must be an integer") from e
    if length <= 0:
        raise SlackError("missing_argument", "[ERROR] length must be positive")
    alt_txt = ctx.args.get("alt_txt")
    if alt_txt and len(str(alt_txt)) > ALT_TXT:
        raise SlackError("alt_txt_too_large")
    upload = Upload(
        file_id=ctx.ids.id("F"),
        filename=filename,
        length=length,
        user=ctx.me.user_id,
        alt_txt=alt_txt,
        snippet_type=ctx.args.get("snippet_type"),
    )
    ctx.store.uploads[upload.file_id] = upload
    return {"upload_url": f"{ctx.base_url}/upload/v1/{upload.file_id}", "file_id": upload.file_id}


def receive_bytes(store: Store, file_id: str, data: bytes) -> tuple[int, str]:
    """The upload URL itself: the status and text body Slack's file service answers."""
    upload = store.uploads.get(file_id)
    if upload is None:
        return 404, "upload url not found"
    if upload.data is not None:
        return 400, f"file {file_id} already received its bytes"
    if len(data) != upload.length:
        return 400, (
            f"length mismatch for {upload.filename}: files.getUploadURLExternal announced "
            f"{upload.length} bytes, the upload carried {len(data)}"
        )
    upload.data = data
    return 200, f"OK - {len(data)}"


def complete_upload_external(ctx: Ctx) -> dict[str, Any]:
    ctx.need("files:write")
    files = ctx.json_arg("files")
    if not isinstance(files, list) or not files:
        raise SlackError("invalid_arguments", "[ERROR] files must be a non-empty array")
    uploads: list[tuple[Upload, str | None]] = []
    for item in files:
        upload = ctx.store.uploads.get(str(item.get("id"))) if isinstance(item, dict) else None
        if upload is None or upload.data is None or upload.completed:
            raise SlackError("file_not_found", f"[ERROR] no uploaded, unshared file {item!r}")
        uploads.append((upload, item.get("title")))
    targets = [c for c in str(ctx.args.get("channels") or "").split(",") if c]
    if ctx.args.get("channel_id"):
        targets = [str(ctx.args["channel_id"])]
    for target in targets:
        if not CHANNEL_ID.match(target):
            raise SlackError(
                "invalid_arguments",
                f"[ERROR] input must match regex pattern: {CHANNEL_ID.pattern} "
                "[json-pointer:/channel_id]",
            )
    if ctx.args.get("thread_ts") and len(targets) != 1:
        raise SlackError("invalid_arguments", "[ERROR] thread_ts needs exactly one channel")
    channels = [ctx.channel(target) for target in targets]
    thread_ts = ctx.thread_ts(channels[0]) if channels else None
    comment = ctx.args.get("initial_comment")
    for upload, title in uploads:
        upload.completed = True
        upload.title = title or upload.filename
        upload.channel_id = channels[0].id if channels else None
        upload.thread_ts = thread_ts
        upload.initial_comment = comment
    for channel in channels:
        message = ctx.bot_message(channel, str(comment or ""), None, thread_ts)
        message.update(files=[u.file_object() for u, _ in uploads], upload=True)
        ctx.store.post(message)
    return {"files": [{"id": u.file_id, "title": u.title} for u, _ in uploads]}
