"""Text from a server or a file, made safe to draw or print on a terminal.

A description, a project name or an error message a service wrote may hold control
characters: ESC starts a sequence that can set the terminal's title, move the cursor, rewrite
the screen or (on some terminals) answer back as if typed. Every such character is replaced
by a visible stand-in before the text reaches a terminal, so what a user sees is what the
text says. Applied where text enters (the backends' mappings, their error messages) and in
plain-text CLI output; JSON output escapes control characters by itself.
"""

from __future__ import annotations

import re

_REPLACEMENT = "\ufffd"
# C0 controls but tab, DEL, C1 controls; and the Unicode line/paragraph separators and
# bidirectional overrides, which reorder or break what is shown around them.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CARET = {"\x1b": "^["}


def _stand_in(match: re.Match[str]) -> str:
    char = match.group()
    return _CARET.get(char, _REPLACEMENT)


def safe_text(text: str) -> str:
    """``text`` with every control character shown as a visible stand-in (ESC as ``^[``,
    the others as U+FFFD); a tab becomes a space. Ordinary text, any script, is unchanged."""
    if not text:
        return text
    cleaned = text.replace("\t", " ")
    return _UNSAFE.sub(_stand_in, cleaned)


def safe_line(text: str) -> str:
    """Like :func:`safe_text`, for a message of several lines meant as one: line breaks become
    spaces first, so an error stays one line on stderr."""
    return safe_text(" ".join(text.replace("\r", "\n").split("\n")))


def is_safe(text: str) -> bool:
    return _UNSAFE.search(text) is None and "\t" not in text


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_controls_escaped(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``, which escapes only C0) with
    DEL, C1 controls and the other characters :func:`safe_text` replaces written as
    ``\\uXXXX`` escapes too: the same data for a JSON reader, nothing raw for a terminal.
    Such characters only ever stand inside strings, where an escape means the same."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
