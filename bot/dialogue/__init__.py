"""The guided conversation, shared by Slack and the terminal.

``parse`` reads what people type (values, several values in one sentence, what-if changes)
into typed values with an echo to confirm; it has no Slack and no I/O. ``whatif`` applies
the what-if changes to a scenario and names the fork, for the terminal and Slack alike.
"""
