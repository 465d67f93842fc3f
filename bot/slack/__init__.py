"""ftroi's Slack face: settings, the ids its listeners match on, Block Kit's limits, and the
views — pure functions from an analysis (or a page of scenarios) to ``slack_sdk.models``
blocks and views. No listener here reads or writes anything; they only describe messages."""
