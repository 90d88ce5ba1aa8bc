"""Who may do what. Object visibility lives in the querysets (`Market.objects.visible_to`), which call
`scope_to_user`: the one rule of which territory's and which buyer's objects a user sees."""

from django.contrib.auth.mixins import UserPassesTestMixin


def scope_to_user(queryset, user, territory_field: str = "territory", buyer_field: str | None = "buyer"):
    """Facilitators and admins see the objects of their territory, a coordination those of its territories, the
    platform admin every territory's; a buyer user only its own organisation's (in any territory); anonymous
    users nothing."""
    if not user.is_authenticated:
        return queryset.none()
    if user.is_buyer_user:
        return queryset.filter(**{f"{buyer_field}_id": user.organisation_id}) if buyer_field else queryset.none()
    territories = user.territory_ids()
    if territories is None:
        return queryset
    return queryset.filter(**{f"{territory_field}_id__in": territories})


def can_edit(user) -> bool:
    return user.is_authenticated and user.can_edit


def reads_figures(user) -> bool:
    """Coordinations and the platform admin read consolidated figures only: no contract, no participant."""
    return user.is_authenticated and (user.is_coordination or user.is_platform_admin)


class EditorRequiredMixin(UserPassesTestMixin):
    """Create and edit pages: facilitators and admins only; the other roles get a 403."""

    raise_exception = True

    def test_func(self):
        return can_edit(self.request.user)


class TerritoryFormMixin:
    """The create and edit pages of a territory's object (a contract, a participant, a plan): a new object belongs
    to the user's territory, and the colleagues offered (the facilitator in charge) are that territory's."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if form.instance.territory_id is None:
            form.instance.territory_id = self.request.user.territory_id
        if "facilitator" in form.fields:
            form.fields["facilitator"].queryset = form.fields["facilitator"].queryset.model.objects.colleagues_of(
                self.request.user
            )
        return form
