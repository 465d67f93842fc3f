"""The guided intake in a terminal (``ftroi chat``): the same dialogue as Slack's, as text."""
