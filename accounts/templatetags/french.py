"""French typography helpers for templates."""

from django import template

register = template.Library()


@register.filter
def pluriel(count, suffix="s"):
    """French plural: « 0 marché », « 1 marché », « 2 marchés » (Django's pluralize puts 0 in the plural)."""
    try:
        return suffix if abs(float(count)) >= 2 else ""
    except (TypeError, ValueError):
        return ""
