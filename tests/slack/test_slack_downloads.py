"""bot.slack.downloads against the fake's file host: the bytes of a shared file with the bot
token, and each way a download is refused — a link off Slack's file host (no request made,
so no token sent), a file longer than the cap while reading (whatever size Slack stated),
an error status, Slack's sign-in page."""

from __future__ import annotations

import pytest

from bot.slack.downloads import SLACK_FILES, DownloadError, download_file, file_hosts
from tests.fakeslack.server import FakeSlack

DATA = b"date,requests,input_tokens,output_tokens\n" + b"2025-12-01,10,5000,2000\n" * 40


def hosted(fake: FakeSlack) -> str:
    file = fake.host_file(fake.world.alice, name="usage.csv", data=DATA, mimetype="text/csv")
    return file.url(fake.url, download=True)


async def fetch(fake: FakeSlack, url: str, *, limit: int = 10_000,
                token: str | None = None) -> bytes:
    return await download_file(url, token=token or fake.bot_token, name="usage.csv",
                               limit=limit, timeout=5, hosts=file_hosts(fake.api_url))


async def test_the_bytes_come_with_the_bot_token(fake_slack: FakeSlack) -> None:
    assert await fetch(fake_slack, hosted(fake_slack)) == DATA
    (download,) = fake_slack.downloads()
    assert (download.token, download.served) == (fake_slack.bot_token, True)


async def test_a_link_off_slacks_file_host_is_never_fetched(fake_slack: FakeSlack) -> None:
    url = hosted(fake_slack).replace("127.0.0.1", "localhost")
    with pytest.raises(DownloadError, match="not on Slack's file host"):
        await fetch(fake_slack, url)
    with pytest.raises(DownloadError, match="not on Slack's file host"):
        await fetch(fake_slack, "https://files.slack.com.example.org/files-pri/T-F/a.csv")
    assert fake_slack.downloads() == []
    assert SLACK_FILES in file_hosts(fake_slack.api_url)


async def test_more_than_the_cap_is_refused_while_reading(fake_slack: FakeSlack) -> None:
    with pytest.raises(DownloadError, match=r"larger than the .* MB ftroi reads from Slack"):
        await fetch(fake_slack, hosted(fake_slack), limit=100)


async def test_an_error_status_and_the_sign_in_page_are_refused(fake_slack: FakeSlack) -> None:
    url = hosted(fake_slack)
    fake_slack.fail_next("download", error="internal error", status=500)
    with pytest.raises(DownloadError, match=r"did not hand over the file \(HTTP 500\)"):
        await fetch(fake_slack, url)
    with pytest.raises(DownloadError, match="sign-in page instead of the file"):
        await fetch(fake_slack, url, token="xoxb-not-a-token")
