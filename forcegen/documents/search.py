"""Search text: one folded form of a document's number, titles and text, so a query finds
Vietnamese with or without its diacritics (`nghi dinh` finds `Nghị định`), Lao and English.

Two forms are stored on the document: the folded text (`search_text`), and its distinct words
(`search_words`: runs of a–z and 0–9, each after a space). The query is folded the same way and
each of its words is matched in SQL, one of two ways, the same on SQLite and PostgreSQL:

- a word of letters a–z and digits (Vietnamese once folded, English, a plain number) matches
  the start of a word of the document: `hiem` finds `bảo hiểm`, `4521` finds `Regulation 4521`.
  PostgreSQL reads it from a full-text index over the words (migration 0011); SQLite finds
  ` hiem` in the words, a third of the text's length.
- any other word (Lao, written without spaces between words; a number with its slashes such as
  `92/2025`) matches anywhere in the folded text, with LIKE, which a trigram index serves on
  PostgreSQL.

Why two ways: matching every word anywhere made PostgreSQL recheck each candidate's whole text
against the trigram index's guess, and a common word's candidates are most of the register
(10,000 documents: ~60 of a search's ~100 ms); a full-text index answers exactly, with no
recheck.
"""

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from django.db.models import BooleanField, Expression, F

# Vietnamese tone and vowel marks decompose into this block; Lao vowels and tone marks
# (U+0EB0–U+0EDF) are letters of the word and stay.
_LATIN_MARKS = range(0x0300, 0x0370)
WORD = re.compile(r"[a-z0-9]+")
# Longer runs are no word anyone types, and PostgreSQL refuses a full-text word over 2 KB.
LONGEST_WORD = 100
MAX_QUERY_WORDS = 8


def fold(text: str) -> str:
    """Lower case, Latin diacritics removed, đ → d, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    kept = "".join(c for c in decomposed if ord(c) not in _LATIN_MARKS)
    return " ".join(unicodedata.normalize("NFC", kept).split())


def words_of(folded: str) -> str:
    """The distinct words of a folded text, each after a space: ` nghi dinh 61 2021 nd cp`."""
    words = dict.fromkeys(w for w in WORD.findall(folded) if len(w) <= LONGEST_WORD)
    return "".join(f" {word}" for word in words)


def query_words(text: str) -> tuple[list[str], list[str]]:
    """The query's words (at most eight), folded: those that start a word of the document,
    and those matched anywhere in its folded text."""
    starting: list[str] = []
    anywhere: list[str] = []
    for word in fold(text).split()[:MAX_QUERY_WORDS]:
        (starting if WORD.fullmatch(word) else anywhere).append(word)
    return starting, anywhere


class StartWords(Expression):
    """True when each of `words` (letters a–z and digits only) starts a word of the
    document's `search_words`."""

    output_field = BooleanField()

    def __init__(self, words: list[str]) -> None:
        super().__init__()
        if not all(WORD.fullmatch(word) for word in words):
            raise ValueError(f"not plain words: {words}")
        self.words = words
        self.column: Any = F("search_words")

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.column,) = exprs

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        """SQLite: ` word` in the words."""
        column, params = compiler.compile(self.column)
        tests = [f"instr({column}, %s) > 0" for _word in self.words]
        return " AND ".join(tests), [p for word in self.words for p in (*params, f" {word}")]

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        """PostgreSQL: the words as a tsvector, which the database keeps beside them (a
        generated column Django does not manage: migration 0011), against a prefix query:
        `'bao':* & 'hiem':*`."""
        table = compiler.quote_name_unless_alias(self.column.alias)
        column = f"{table}.{connection.ops.quote_name('search_vector')}"
        return f"{column} @@ %s::tsquery", [" & ".join(f"'{word}':*" for word in self.words)]
