import django_filters

from .enums import OrganisationKind
from .models import Organisation


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Rechercher (nom ou SIRET)", method="search")
    kind = django_filters.ChoiceFilter(label="Type", choices=OrganisationKind.choices, empty_label="Tous les types")

    class Meta:
        model = Organisation
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        return queryset.search(value)
