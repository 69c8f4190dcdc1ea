"""Storage: the engine, migrations, delivery claims, the outbox and each person's memory."""
