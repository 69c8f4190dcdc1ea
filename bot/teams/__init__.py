"""The Bot Framework edge (Teams, on botbuilder 4.17), its SDK fixes and the Teams app package."""
