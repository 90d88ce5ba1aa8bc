from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group

from territories.models import Coordination, Territory

from .admin_access import TERRITORY_FIELDS, RoleAccessMixin
from .models import TERRITORY_ROLES, Role, User

# The roles replace Django's groups and permissions (accounts.admin_access).
admin.site.unregister(Group)


def _with_role_access():
    """The sign-in lockout pages of django-axes and the two-factor devices of django-otp, under the same role table
    as Levier's own."""
    for model, model_admin in list(admin.site._registry.items()):
        if model._meta.app_label in {"axes", "otp_totp"}:
            admin.site.unregister(model)
            admin.site.register(model, type(model_admin.__class__.__name__, (RoleAccessMixin, type(model_admin)), {}))


_with_role_access()

ACCOUNT = (None, {"fields": ("username", "password")})
PERSON = ("Informations personnelles", {"fields": ("first_name", "last_name", "email")})
STATUS = ("Statut", {"fields": ("is_active", "last_login", "date_joined")})
# What the platform admin attaches a user to; a territory's admin gives its own territory only.
PLATFORM_ROLE = ("Rôle dans Levier", {"fields": ("role", "territory", "organisation", "coordination")})
TERRITORY_ROLE = ("Rôle dans Levier", {"fields": ("role", "territory")})


@admin.register(User)
class UserAdmin(RoleAccessMixin, BaseUserAdmin):
    list_display = ("username", "get_full_name", "email", "role", "territory", "organisation", "is_active")
    list_filter = ("role", "is_active")
    list_select_related = ("territory", "organisation")
    autocomplete_fields = ("organisation",)
    search_fields = ("username", "first_name", "last_name", "email")
    readonly_fields = ("last_login", "date_joined")

    def role_fields(self, request):
        return PLATFORM_ROLE if request.user.is_platform_admin else TERRITORY_ROLE

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return (*self.add_fieldsets, PERSON, self.role_fields(request))
        return (ACCOUNT, PERSON, self.role_fields(request), STATUS)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None and "role" in form.base_fields:  # a new user's role is chosen, never taken by default
            role = form.base_fields["role"]
            role.choices = [("", "Choisissez un rôle"), *(c for c in role.choices if c[0] not in ("", Role.NONE))]
            role.initial, role.required = "", True
        return form

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_platform_admin:
            kwargs["choices"] = [(role.value, role.label) for role in TERRITORY_ROLES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(Territory)
class TerritoryAdmin(RoleAccessMixin, admin.ModelAdmin):
    list_display = ("name", "carrier", "hourly_cost", "insertion_rate", "minimum_hours")
    search_fields = ("name", "carrier")

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_platform_admin:
            return ()
        return [field.name for field in Territory._meta.fields if field.editable and field.name not in TERRITORY_FIELDS]


@admin.register(Coordination)
class CoordinationAdmin(RoleAccessMixin, admin.ModelAdmin):
    list_display = ("name", "level")
    list_filter = ("level",)
    filter_horizontal = ("territories",)
