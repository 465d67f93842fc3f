"""Files people share, and their private download URLs, served as Slack serves them.

A file shared in a message reaches the app in the message event's ``files`` array as file
objects (docs.slack.dev/reference/objects/file-object: ``id``, ``name``, ``title``,
``mimetype``, ``filetype``, ``size`` in bytes, ``url_private``, ``url_private_download``,
…). Its bytes are at ``url_private_download`` — ``/files-pri/<team>-<file>/download/<name>``
on the fake's own server, as Slack's are on files.slack.com — for a request that carries
``Authorization: Bearer <token>`` of a token of the file's workspace that bears
``files:read`` (the file object's page; Slack's platform blog "Important changes to files
in the Web API", 2015: "url_private and url_private_download … require an authorization
header with a token that has … the files:read … scope"). Any other request — no header, a
token in the query string, a token of another workspace or without the scope — is answered
as Slack answers it: ``200`` with its sign-in page, HTML instead of the file (Slack staff in
slackapi/bolt-js#2585: "When accessing the url_private_download URL, you need to also pass
in your authorization header", answering a report of HTML returned in place of the file).
"""

from __future__ import annotations

import html
import time
from urllib.parse import quote

from aiohttp import web

from .ids import Ids
from .store import Download, HostedFile, Store
from .world import Workspace

__all__ = ["FILES_READ", "SIGN_IN", "host_file", "serve_private"]

#: The scope a token needs to download a shared file's bytes.
FILES_READ = "files:read"


def host_file(store: Store, ids: Ids, world: Workspace, *, name: str, data: bytes,
              mimetype: str, filetype: str, user: str) -> HostedFile:
    file = HostedFile(id=ids.id("F"), team_id=world.team_id, name=name, mimetype=mimetype,
                      filetype=filetype, user=user, data=data, created=int(time.time()))
    store.files[file.id] = file
    return file


SIGN_IN = ("<!DOCTYPE html><html><head><title>Sign in to {domain} | Slack</title></head>"
           "<body><h1>Sign in to {domain}</h1><form action=\"/signin\" method=\"post\">"
           "</form></body></html>")


def serve_private(store: Store, world: Workspace, request: web.Request) -> web.Response:
    """``url_private`` and ``url_private_download``: the bytes, or Slack's sign-in page."""
    team, _, file_id = request.match_info["key"].partition("-")
    file = store.files.get(file_id)
    if file is None or file.team_id != team:
        return web.Response(status=404, text="file not found")
    authorization = request.headers.get("Authorization", "")
    token = authorization[7:] if authorization.startswith("Bearer ") else None
    grant = world.grants.get(token) if token else None
    served = grant is not None and grant.team_id == file.team_id and FILES_READ in grant.scopes
    store.downloads.append(Download(file.id, token, served, time.time()))
    if not served:
        page = SIGN_IN.format(domain=html.escape(world.domain))
        return web.Response(status=200, text=page, content_type="text/html")
    return web.Response(body=file.data, content_type=file.mimetype, headers={
        "Content-Disposition": f"attachment; filename=\"{quote(file.name)}\""})
