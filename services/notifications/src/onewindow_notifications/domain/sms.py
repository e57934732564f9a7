"""SMS rules that do not depend on a provider: E.164 numbers and segment counting."""

from __future__ import annotations

import re
from dataclasses import dataclass

E164 = re.compile(r"^\+[1-9]\d{6,14}$")

# GSM 03.38 default alphabet and its extension table (extension characters cost two septets).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")


def is_e164(number: str) -> bool:
    """True for an E.164 number: '+', country code, at most 15 digits in all."""
    return bool(E164.match(number))


@dataclass(frozen=True)
class Segments:
    """How a text travels: its encoding, its length in that encoding's units, segment count."""

    encoding: str  # GSM-7 | UCS-2
    units: int
    count: int


def segments(text: str) -> Segments:
    """GSM-7 when every character is in the GSM alphabet (160 per single message, 153 per part);
    otherwise UCS-2 (70 single, 67 per part; characters outside the BMP take two units)."""
    if all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text):
        units = sum(2 if c in GSM7_EXTENDED else 1 for c in text)
        single, part, encoding = 160, 153, "GSM-7"
    else:
        units = sum(2 if ord(c) > 0xFFFF else 1 for c in text)
        single, part, encoding = 70, 67, "UCS-2"
    if units <= single:
        return Segments(encoding, units, 1 if units else 0)
    return Segments(encoding, units, -(-units // part))
