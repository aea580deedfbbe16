"""The store's one error type: a sentence for the user and the way out."""


class StoreError(Exception):
    """The store cannot be read or written safely; ``str(err)`` says why and what to do."""
