"""A document's text as articles: split on article headings (Article 5, Điều 5, ມາດຕາ 5), compared
article by article between two versions, and consolidated with the amendments in force."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"^\s*(Article|Art\.|Điều|Dieu|ມາດຕາ)\s+(\d+[a-z]?)\b", re.MULTILINE)


@dataclass(frozen=True)
class Article:
    key: str  # the article number, "" for the text before the first article
    heading: str
    body: str


def split(text: str) -> list[Article]:
    matches = list(_HEADING.finditer(text))
    articles: list[Article] = []
    preamble = text[: matches[0].start()] if matches else text
    if preamble.strip():
        articles.append(Article(key="", heading="", body=preamble.strip()))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        chunk = text[match.start() : end].strip()
        heading, _newline, body = chunk.partition("\n")
        articles.append(Article(key=match.group(2), heading=heading.strip(), body=body.strip()))
    return articles


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "added", "removed"
    text: str


@dataclass
class ArticleChange:
    key: str
    heading: str
    change: str  # "same", "changed", "added", "removed"
    segments: list[Segment] = field(default_factory=list)


def _words(old: str, new: str) -> list[Segment]:
    a, b = old.split(" "), new.split(" ")
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(Segment("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("added", " ".join(b[j1:j2])))
    return segments


def compare(old_text: str, new_text: str) -> list[ArticleChange]:
    """Article by article, in the new text's order, then the articles the new text dropped."""
    old = {a.key: a for a in split(old_text)}
    new = split(new_text)
    changes: list[ArticleChange] = []
    for article in new:
        before = old.pop(article.key, None)
        if before is None:
            changes.append(
                ArticleChange(
                    article.key, article.heading, "added", [Segment("added", article.body)]
                )
            )
        elif before.body == article.body and before.heading == article.heading:
            changes.append(
                ArticleChange(article.key, article.heading, "same", [Segment("same", article.body)])
            )
        else:
            changes.append(
                ArticleChange(
                    article.key, article.heading, "changed", _words(before.body, article.body)
                )
            )
    for article in old.values():
        changes.append(
            ArticleChange(
                article.key, article.heading, "removed", [Segment("removed", article.body)]
            )
        )
    return changes


@dataclass(frozen=True)
class ConsolidatedArticle:
    article: Article
    amended_by: str  # the amending document's number, "" if the article is as first issued


def consolidate(base_text: str, amendments: list[tuple[str, str]]) -> list[ConsolidatedArticle]:
    """The base text with each amending text's articles put in place of the same-numbered ones,
    in the order given (oldest first); an amendment's new article numbers are added at the end."""
    current: dict[str, ConsolidatedArticle] = {
        a.key: ConsolidatedArticle(a, "") for a in split(base_text)
    }
    for number, text in amendments:
        for article in split(text):
            if article.key:
                current[article.key] = ConsolidatedArticle(article, number)
    return list(current.values())
