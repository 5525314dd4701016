"""The portal's JSON parser (DRF's default): a body too large, nested too deep, not an object (`null`, `[]`,
`"x"`), or holding a NUL character or a number JSON cannot hold (1e999) is a 400 that says so, never a 500.

Python's json module recurses once per nesting level: 5,000 levels end in RecursionError, so the depth is
measured on the raw text before anything is decoded. The limits are settings: API_JSON_MAX_BYTES (1 MB) and
API_JSON_MAX_DEPTH (32)."""

import codecs
import json
import math
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# A JSON string (escapes included), or one bracket: the brackets inside strings are not structure.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in `text` (0 for a scalar)."""
    if text.count("[") + text.count("{") == 0:
        return 0
    depth = deepest = 0
    for match in _TOKENS.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ParseError(
            _("The request body holds a number too large to read: %(number)s.") % {"number": text}
        )
    return number


def _refuse_constant(name: str):
    raise ParseError(_("The request body holds %(value)s, which is not a number.") % {"value": name})


def nul_path(data, path: str = "") -> str | None:
    """Where the first NUL character is in decoded JSON (`field`, `field.0`, `field.key`), or None."""
    if isinstance(data, str):
        return path or "body" if "\x00" in data else None
    if isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                return where
            found = nul_path(value, where)
            if found:
                return found
    if isinstance(data, list):
        for index, value in enumerate(data):
            found = nul_path(value, f"{path}.{index}" if path else str(index))
            if found:
                return found
    return None


class PortalJSONParser(JSONParser):
    """DRF's JSONParser with the portal's limits on size and depth, finite numbers only and no NUL."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = settings.API_JSON_MAX_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise ParseError(
                _("The request body is larger than %(limit)s bytes.") % {"limit": limit},
            )
        try:
            text = codecs.decode(raw, encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(
                _("The request body is not valid %(encoding)s.") % {"encoding": encoding}
            ) from exc
        max_depth = settings.API_JSON_MAX_DEPTH
        if json_depth(text) > max_depth:
            raise ParseError(
                _("The request body is nested more than %(depth)s levels deep.") % {"depth": max_depth}
            )
        try:
            data = json.loads(text, parse_float=_finite, parse_constant=_refuse_constant)
        except ValueError as exc:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from exc
        if not isinstance(data, dict):
            # Every write of shared/API.md takes an object of named fields; `null`, `[]` or `"x"` is none.
            raise ParseError(_("The request body must be a JSON object of named fields."))
        where = nul_path(data)
        if where:
            raise ParseError(
                {where: [_("NUL characters are not allowed.")]},
            )
        return data
