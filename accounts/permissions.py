"""Who may do what. Object visibility lives in the querysets (`Market.objects.visible_to`)."""

from django.contrib.auth.mixins import UserPassesTestMixin


def can_edit(user) -> bool:
    return user.is_authenticated and user.can_edit


class EditorRequiredMixin(UserPassesTestMixin):
    """Create and edit pages: facilitators and admins only; buyer users get a 403."""

    raise_exception = True

    def test_func(self):
        return can_edit(self.request.user)
