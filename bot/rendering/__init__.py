"""Renderers: view models in, channel formats out (Adaptive Cards, plain text)."""
