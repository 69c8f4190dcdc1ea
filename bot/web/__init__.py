"""The report's web pages and downloads behind a link with a token: no chat SDK here."""
