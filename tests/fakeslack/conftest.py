"""The fake Slack's own fixtures, for the tests of the doubles themselves."""

from .fixtures import fake_slack as fake_slack
from .fixtures import make_driver as make_driver
from .fixtures import serve_app as serve_app
from .fixtures import slack_client as slack_client
