"""How state names are compared: NFC-normalised and case-folded, whitespace collapsed.

``Türkiye`` typed with a combining diaeresis (NFD), ``TÜRKIYE`` and ``türkiye`` are
one name. Every code, name, short name and alias of a state is stored in this form in
the state names table (``StateName``), whose unique index makes each resolve to exactly
one state; imports, the admin and the API look names up in that form only.
"""

from __future__ import annotations

import unicodedata


def normalise_name(text: str) -> str:
    """The form in which names are compared and stored in the names table."""
    # Case folding can undo composition (it expands some characters), hence NFC after it too.
    folded = unicodedata.normalize("NFC", text).casefold()
    return " ".join(unicodedata.normalize("NFC", folded).split())
