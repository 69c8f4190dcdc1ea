"""Renderers: view models to Adaptive Cards, Block Kit, text, HTML, PNG and Word."""
