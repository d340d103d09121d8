"""`beat serve`: a live preview that rebuilds on every save and reloads open pages."""

from builder.serve.session import ServeOptions, serve

__all__ = ["ServeOptions", "serve"]
