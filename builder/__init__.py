"""Beat: a static site generator for an archive of community policing stories."""

__version__ = "0.1.0"
