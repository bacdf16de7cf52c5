"""Cloudflare Python Workers: ``entry.py`` (runs there) and its testable ``adapter``."""
