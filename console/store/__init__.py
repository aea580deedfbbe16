"""Durable, shared storage. The only package that imports TinyDB."""

from console.store.errors import StoreError
from console.store.store import Store

__all__ = ["Store", "StoreError"]
