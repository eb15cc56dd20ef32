"""One async client per system behind a single protocol."""
