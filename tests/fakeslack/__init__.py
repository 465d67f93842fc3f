"""Test doubles for the Slack face: a fake Web API and a signed-request driver."""
