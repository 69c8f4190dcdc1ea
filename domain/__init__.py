"""The brede-welvaart domain: assessments, answers and their analysis.

Nothing in this package imports botbuilder, so the domain survives a change of bot SDK.
"""
