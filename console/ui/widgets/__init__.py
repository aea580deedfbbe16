"""Reusable widgets: they take data in and post messages out."""
