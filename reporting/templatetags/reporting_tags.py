from django import template

register = template.Library()


@register.inclusion_tag("reporting/includes/part_actions.html", takes_context=True)
def part_actions(context, plan, part, obj):
    """The edit link and delete button of one axis, scheduled contract or indicator of a plan."""
    return {"plan": plan, "part": part, "obj": obj, "csrf_token": context.get("csrf_token")}
