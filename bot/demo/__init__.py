"""`breedbeeld demo`: a scripted project through the real bot, and a Chromium driver to see it."""
