from django import template
from django.template.defaultfilters import floatformat

from partners.secrecy import Secret

register = template.Library()


@register.filter
def figure(value, decimals="-1g"):
    """A table's number as floatformat writes it, or « secret » for a count under statistical secrecy."""
    return str(value) if isinstance(value, Secret) else floatformat(value, decimals)


@register.inclusion_tag("reporting/includes/part_actions.html", takes_context=True)
def part_actions(context, plan, part, obj):
    """The edit link and delete button of one axis, scheduled contract or indicator of a plan."""
    return {"plan": plan, "part": part, "obj": obj, "csrf_token": context.get("csrf_token")}
