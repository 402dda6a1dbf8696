from django import template

from forcegen.core.terms import term as term_in_language

register = template.Library()


@register.filter
def term(text: str, kind: str) -> str:
    """{{ slot.title|term:"position" }}: the text in the reader's language."""
    return term_in_language(kind, str(text or ""))
