"""The channel-neutral turn: who said or clicked what, where, and how the bot answers."""
