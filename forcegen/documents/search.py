"""Search text: one folded form of a document's number, titles and text, so a query finds
Vietnamese with or without its diacritics (`nghi dinh` finds `Nghị định`), Lao and English.

The folded form is stored on the document and matched with LIKE in SQL (a trigram index serves it
on PostgreSQL); the query is folded the same way.
"""

import unicodedata

# Vietnamese tone and vowel marks decompose into this block; Lao vowels and tone marks
# (U+0EB0–U+0EDF) are letters of the word and stay.
_LATIN_MARKS = range(0x0300, 0x0370)


def fold(text: str) -> str:
    """Lower case, Latin diacritics removed, đ → d, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    kept = "".join(c for c in decomposed if ord(c) not in _LATIN_MARKS)
    return " ".join(unicodedata.normalize("NFC", kept).split())
