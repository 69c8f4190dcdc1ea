"""Storage: the database engine, its migrations, delivery claims and each person's memory."""
