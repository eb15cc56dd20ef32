"""Backend-neutral models and the maths of time: pure Python, no I/O, no Textual."""
