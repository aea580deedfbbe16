"""The clinic's domain: pure Python and Arrow, no Textual, no TinyDB.

Everything here can be tested without a terminal or a file on disk.
"""
