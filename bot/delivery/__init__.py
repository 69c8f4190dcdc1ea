"""Sending beyond the turn at hand, on any channel: messenger, outbox, channel sender."""
