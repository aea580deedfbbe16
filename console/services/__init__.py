"""Front-desk workflows built on the :class:`~console.desk.Desk` facade.

Each module is one workflow (series plans, confirmation calls, visit care, day close,
exports); the console and the command line call these and the desk, nothing below.
"""
