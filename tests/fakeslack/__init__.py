"""Test doubles for ftroi's Slack face: a fake Slack Web API and a driver playing Slack's people.

Both run over real HTTP on 127.0.0.1, so a test exercises the app exactly as Slack would:
signed requests in, Web API calls out, nothing mocked (STYLE.md habit 4).

Set-up — in your tests' ``conftest.py``::

    from tests.fakeslack.fixtures import fake_slack as fake_slack      # the fake, running
    from tests.fakeslack.fixtures import make_driver as make_driver    # driver factory
    from tests.fakeslack.fixtures import serve_app as serve_app        # serve an aiohttp app
    from tests.fakeslack.fixtures import slack_client as slack_client  # bot client → fake

Build the app with a client pointed at the fake and the shared signing secret, serve it,
and make a driver for its ``/slack/events`` URL::

    from slack_sdk.web.async_client import AsyncWebClient
    from tests.fakeslack.fixtures import SIGNING_SECRET

    async def test_new_scenario(fake_slack, serve_app, make_driver):
        client = AsyncWebClient(token=fake_slack.bot_token, base_url=fake_slack.api_url)
        app = build_app(client=client, signing_secret=SIGNING_SECRET)   # your AsyncApp
        driver = make_driver(await serve_app(app.web_app()) + "/slack/events")

        reply = await driver.command("new Support bot")          # alice, in #general
        assert reply.status == 200
        root = await fake_slack.wait_for(lambda: fake_slack.messages_in(fake_slack.world.general))
        await driver.click(root[0], text="Next")                  # a button the app sent
        await driver.say("50k requests a day", thread_ts=root[0]["ts"])
        view = fake_slack.last_view()                             # a modal the app opened
        await driver.submit(view, {"Requests per day": "50000", "model": "gpt-4o"})

``wait_for`` polls: Bolt acks before its listeners finish unless the app sets
``process_before_response=True``.

The world (``fake_slack.world``, see ``world.Workspace.default``): team ``T0FTROI0001``;
people ``world.alice`` and ``world.bob``; ``#general`` (``world.general``) and
``#ml-costs`` with both and the bot, ``#private-x`` without the bot. Change it in place:
``world.add_channel(Channel(...))``, ``world.channels[c].members.discard(world.bot_user_id)``
(then posting answers ``not_in_channel``), ``world.grants[fake_slack.bot_token].scopes``
(drop one for ``missing_scope``).

The fake (``server.FakeSlack``) answers auth.test, chat.postMessage/postEphemeral/update/
delete, views.open/push/update/publish, files.getUploadURLExternal + upload URL +
files.completeUploadExternal, users.info, conversations.replies (paged by ``limit`` and
``cursor``, at the rate tier ``fake.replies``: ``RateTier.distributed()`` for an app outside
the Marketplace), oauth.v2.access
(``fake_slack.oauth_code()`` makes a code) and apps.connections.open (Socket Mode, below).
Every ``blocks``/``view`` is validated by slack_sdk.models and by ``limits.py``; a refusal
carries the reasons (``SlackApiError.response["errors"]`` for messages — ``invalid_blocks``
— and ``["response_metadata"]["messages"]`` for views — ``invalid_arguments``, as Slack does).
Blocks without a top-level ``text`` fallback are refused (Slack only warns). A trigger id
works once and for three seconds, as on Slack (``FakeSlack(trigger_ttl=…)`` to change it);
a modal stack holds three views.

Reading what happened: ``calls(method, ok=)`` (each :class:`store.Call` has args, token,
time, status, response), ``messages_in(channel, thread_ts=)``, ``message(channel, ts)``
(current version), ``ephemerals(channel, user=)``, ``last_view(user)``, ``view(id)``,
``is_open(id)``, ``uploads()`` (bytes included), ``downloads()`` (requests for a shared
file's bytes at its ``url_private_download``, with the token they carried and whether the
file or Slack's sign-in page was served), ``responses()`` (posts to response_urls),
``broadcasts()`` (every ``<!channel>``/``<!here>``/``<!everyone>`` Slack would have notified
a conversation with: mentions.py reads the texts Slack parses as mrkdwn).
Holding a call: ``hold = fake.hold_next("chat.postMessage")`` keeps the next one unanswered
(``await hold.reached.wait()``) until ``hold.release()`` — or ``hold.drop()``, which answers
it without acting on it, for a sender killed while it waited.
Making it fail: ``fail_next("chat.postMessage", status=429, retry_after=1)`` or
``fail_next("views.open", error="expired_trigger_id", times=2)``; also ``"upload"``,
``"download"`` and ``"response_url"``. A person's file (``host_file(user, name=, data=,
mimetype=)``, which the driver's ``share_file`` uses) is served at its private URLs to a
bearer token with files:read, and Slack's sign-in page to anything else (files_private.py).
The driver itself uses ``issue_trigger``, ``response_url``, ``user_message``,
``bot_message`` and ``ctx`` to stand in for what Slack's servers do between the two.
What a person types reaches the app as Slack sends it (typed.py): escaped
(``&amp;``, ``&lt;``, ``&gt;``), with ``@name``, ``#channel`` and links as ``<@U…>``,
``<#C…|name>``, ``<https://…>`` tokens in messages (in slash commands only when the
manifest's ``should_escape`` is on).

The driver (``driver.Driver``) acts as ``driver.user`` in ``driver.channel`` unless told
otherwise: ``command(text)``, ``click(target, text=|action_id=|block_id=|value=)``,
``choose(target, option, action_id=)`` (selects, radios, overflow, checkboxes),
``suggest(target, typed, action_id=)`` (external selects), ``submit(view, values)``,
``close_view(view)``, ``say(text, thread_ts=, broadcast=)`` (``broadcast``: "Also send to
#channel", ``subtype: thread_broadcast``), ``share_file(text, thread_ts=, name=, data=,
mimetype=)`` (``file_share``, the file served at its ``url_private_download``),
``edit(message, text)`` (``message_changed``), ``shortcut(message, callback_id)`` (a message
shortcut used on it: ``message_action``), ``bot_says(text, thread_ts=)`` (another
app's ``bot_message``), ``revoke_tokens()`` and ``uninstall()`` (the bot's tokens stop
working, then ``tokens_revoked`` / ``app_uninstalled``), ``open_home()``, ``url_verification()``,
``event(any_event)``, and underneath ``post(payload, form=)``; ``close()`` it (the
``make_driver`` fixture does). ``target`` is a message from ``messages_in``/``ephemerals``
or a view; the driver re-reads its current version and only acts on what that person can see —
otherwise :class:`driver.DriverError`. ``submit`` values are
``{block_id or label: value or {action_id: value}}``; an option is named by its value or
its visible text, checkboxes take a list. Every method accepts ``signature="wrong"`` /
``"missing"`` and ``age=301``; ``replay(reply)`` and ``retry(reply, num=, reason=)`` resend.
A :class:`transport.Reply` holds ``status``, ``text``, ``json()``, ``sent`` (body, headers,
payload) and, for events, ``event`` (the envelope with ``event_id``).

Socket Mode (``fake.socket_mode``, :class:`socket_mode.SocketMode`): apps.connections.open
(``connections_open``) answers the app-level token ``world.app_token``, sent in the
Authorization header as Slack requires, with a one-time ``ws://…/link/?ticket=…`` on the
fake's own server (``mount(app)``); a bot token gets ``not_allowed_token_type``, any other
``invalid_auth``, and the app token on any other method ``not_allowed_token_type``. The link
says ``hello``; ``send(envelope(kind, payload))`` delivers on the ``live()`` link and returns
the app's ``Ack`` (``payload``, ``latency``, ``in_time`` — Slack waits three seconds —
``link``) or raises ``NoAck``. ``disconnect(reason="refresh_requested")`` asks the app to move;
``connected(n)`` waits until it has opened ``n`` links (each a ``Link``: ``open``,
``close_code``); ``links``, ``acks`` and ``sent`` keep everything; ``close()`` ends them. The
people over it: ``socket_driver.SocketDriver(fake, timeout=10)`` has the driver's verbs, each
sent in a ``slash_commands``, ``interactive`` or ``events_api`` envelope and returning once
acked (``ack_of(reply)``); ``replay(reply)`` delivers the same envelope again and
``retry(reply, num=, reason="timeout")`` adds the retry fields, as Slack's redeliveries do::

    handler = AsyncSocketModeHandler(app, fake.world.app_token)   # or ``ftroi serve``
    await handler.connect_async()
    await fake.socket_mode.connected()
    reply = await SocketDriver(fake).command("help")
    assert ack_of(reply).in_time
    await handler.close_async()

Outside pytest (``benchmarks/slack.py``)::

    async with FakeSlack() as fake, Driver(url, fake, signing_secret=secret) as driver:
        ...
"""
