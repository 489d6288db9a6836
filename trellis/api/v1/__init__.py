from .api import api

__all__ = ["api"]
