"""Keeping secrets out of log lines: URLs without their passwords, GraphQL documents and
variables without their values, messages without the values a request carried."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

HIDDEN = "***"
# GraphQL string literals: block strings first (they may hold lone quotes), then plain ones.
STRING_LITERAL = re.compile(r'"""(?:\\"""|[\s\S])*?"""|"(?:[^"\\\n]|\\.)*"')
# A value shorter than this is hidden only where it stands quoted: blindly replacing two
# letters would mangle the message around them.
SHORTEST_BARE = 4


def safe_url(url: str) -> str:
    """The URL with its password (if any) replaced by ***, for printing and logging."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:  # an unparseable URL: show only its scheme
        return url.partition(":")[0] + "://" + HIDDEN
    if not password:
        return url
    user, _, host = parts.netloc.rpartition("@")
    name = user.partition(":")[0]
    return urlunsplit(parts._replace(netloc=f"{name}:{HIDDEN}@{host}"))


def url_password(url: str | None) -> str | None:
    """The password a URL carries, if any (to scrub it from every log line)."""
    try:
        return urlsplit(url).password if url else None
    except ValueError:
        return None


def redact_document(query: str) -> str:
    """The GraphQL document with every string literal replaced by "***"."""
    return STRING_LITERAL.sub(f'"{HIDDEN}"', query)


def redact_variables(value: Any) -> Any:
    """The variables' shape, every string replaced by *** (numbers, booleans, null kept)."""
    if isinstance(value, dict):
        return {key: redact_variables(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_variables(item) for item in value]
    return HIDDEN if isinstance(value, str) else value


def request_values(query: str | None, variables: Any) -> set[str]:
    """Every string a GraphQL request carried: its variables' and its literals'."""
    values: set[str] = set()
    _strings_of(variables, values)
    for literal in STRING_LITERAL.findall(query or ""):
        values.add(_literal_text(literal))
    values.discard("")
    return values


def scrub(text: str, values: Iterable[str]) -> str:
    """`text` with each of `values` replaced by *** (short ones only where quoted)."""
    for value in sorted(values, key=len, reverse=True):
        if len(value) >= SHORTEST_BARE:
            text = text.replace(value, HIDDEN)
        else:
            for quote in ("'", '"'):
                text = text.replace(f"{quote}{value}{quote}", f"{quote}{HIDDEN}{quote}")
    return text


def _strings_of(value: Any, into: set[str]) -> None:
    if isinstance(value, str):
        into.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings_of(item, into)
    elif isinstance(value, list):
        for item in value:
            _strings_of(item, into)


def _literal_text(literal: str) -> str:
    """The text a GraphQL string literal stands for (escapes resolved where they parse)."""
    if literal.startswith('"""'):
        return literal[3:-3].replace('\\"""', '"""')
    try:
        return str(json.loads(literal))
    except ValueError:  # GraphQL escapes JSON lacks: the raw text still matches most of it
        return literal[1:-1]
