"""Work the bot process does on its own clock beside the web app: reminders, housekeeping."""
