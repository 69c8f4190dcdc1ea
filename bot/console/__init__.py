"""The terminal chat (`breedbeeld chat`): the same bot and dialogs, as text in a shell."""
