"""The Slack edge (`/api/slack`), on Slack's own SDK: events and clicks in, Block Kit out."""
