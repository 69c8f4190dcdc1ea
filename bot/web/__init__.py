"""The web side: reading request bodies safely, the report's pages and downloads behind a link."""
