"""Rendering a mail from its three template files: subject, plain text and HTML."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def render(name: str, context: Mapping[str, str]) -> RenderedMail:
    """The mail `name` with `context` filled in; HTML values are escaped, text values are not.

    A missing key raises KeyError: a template never goes out with a `$placeholder` in it.
    """
    text_values = {**context, **_text_blocks(context)}
    html_values = {key: _html_value(value) for key, value in context.items()}
    html_values.update(_html_blocks(context))
    # A header holds one line: a name with a line break must not start a new header.
    subject = " ".join(_template(name, "subject.txt").substitute(text_values).split())
    return RenderedMail(
        subject=subject,
        text=_template(name, "txt").substitute(text_values),
        html=_template(name, "html").substitute(html_values),
    )


def holds_link(name: str) -> bool:
    """Whether mail `name` carries a one-time link: `$link` is reserved for those (activation,
    registration confirmation, password reset), and their stored bodies are scrubbed once sent."""
    return "$link" in _template(name, "txt").template


@cache  # the files ship with the code: read each once per process
def _template(name: str, suffix: str) -> Template:
    if not name.isidentifier():  # template names come from code; keep them off other paths
        raise ValueError(f"invalid mail template name {name!r}")
    return Template((TEMPLATES / f"{name}.{suffix}").read_text(encoding="utf-8"))


def _html_value(value: str) -> str:
    return html.escape(value, quote=True).replace("\n", "<br>\n")


# Optional paragraphs are whole blocks, so an empty one leaves no heading or blank line behind.


def _message(context: Mapping[str, str]) -> str:
    return context.get("message", "").strip()


def _text_blocks(context: Mapping[str, str]) -> dict[str, str]:
    message = _message(context)
    return {"message_block": f"\n{message}\n" if message else ""}


def _html_blocks(context: Mapping[str, str]) -> dict[str, str]:
    message = _message(context)
    return {"message_block": f"<p>{_html_value(message)}</p>\n" if message else ""}
