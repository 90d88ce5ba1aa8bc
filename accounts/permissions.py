"""Who may do what. Object visibility lives in the querysets (`Market.objects.visible_to`)."""

from django.contrib.auth.mixins import UserPassesTestMixin


def scope_to_buyer(queryset, user, buyer_field: str = "buyer"):
    """Facilitators and admins see every object; a buyer user only its own organisation's; anonymous nothing."""
    if not user.is_authenticated:
        return queryset.none()
    if user.is_buyer_user:
        return queryset.filter(**{f"{buyer_field}_id": user.organisation_id})
    return queryset


def can_edit(user) -> bool:
    return user.is_authenticated and user.can_edit


class EditorRequiredMixin(UserPassesTestMixin):
    """Create and edit pages: facilitators and admins only; buyer users get a 403."""

    raise_exception = True

    def test_func(self):
        return can_edit(self.request.user)
