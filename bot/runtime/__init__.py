"""How the process runs: structured logs and the start-up heap."""
