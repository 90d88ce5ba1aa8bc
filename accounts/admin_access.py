"""Who reaches what in Django's admin, decided by role in this one place (never by Django's superuser flag or its
model permissions).

- The platform admin creates the territories, the coordinations and the users of every role (each territory's
  first admins), and edits the national reference data. It reads no territory's data: in a model of a
  territory's data it reaches the national rows only (the eligible-public lists without a territory).
- A territory's admin manages its territory: its users (facilitators and admins), its own settings, its
  eligible-public lists (the national ones read only) and its daily data. Every list, every object and every
  choice of a foreign key is limited to its territory here; PostgreSQL's row-level security backs it.
- Everyone else has no admin: ``User.save`` makes the two roles above (STAFF_ROLES), and them only, staff, and
  no role but the platform's a superuser.

The rows of a model are found by its path to the territory (``territory_path``), followed through its foreign
keys: a contract's lot reaches it by ``market__territory``.
"""

from functools import cache

from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from territories.models import Territory

from .models import TERRITORY_ROLES, Role, User

VIEW = frozenset({"view"})
CHANGE = frozenset({"view", "change"})
EDIT = frozenset({"view", "add", "change", "delete"})

NATIONAL_REFERENCE = (
    "clauses.tradelabourshare",
    "clauses.modalityconversion",
    "clauses.legalbasisreference",
    "clauses.euthreshold",
    "clauses.pnadtarget",
)
DAILY_DATA = (
    "markets.market",
    "markets.contractor",
    "clauses.consideration",
    "clauses.dismissal",
    "clauses.climateexemption",
    "followup.realisedhours",
    "followup.realisedaction",
    "followup.progressplanentry",
    "followup.penaltydecision",
    "partners.participant",
    "plans.actionplan",
)

# role → model label → what it may do there (a model left out: not shown).
ADMIN_ACCESS = {
    Role.PLATFORM: {
        "territories.territory": EDIT,
        "territories.coordination": EDIT,
        "accounts.user": EDIT,
        "partners.eligiblelist": EDIT,  # the national lists (rows_for)
        # the shared directory, read to attach a buyer's user to its organisation
        "partners.organisation": VIEW,
        # the sign-in lockouts (django-axes): the platform's security, unlocked by deleting the attempt
        "axes.accessattempt": frozenset({"view", "delete"}),
        "axes.accessfailurelog": VIEW,
        "axes.accesslog": VIEW,
        # the two-factor devices: a lost one is deleted, its owner sets up another at the next sign-in
        "otp_totp.totpdevice": frozenset({"view", "delete"}),
        **dict.fromkeys(NATIONAL_REFERENCE, EDIT),
    },
    Role.ADMIN: {
        # its own territory's settings; its name, carrier and coverage are the platform's (TERRITORY_FIELDS)
        "territories.territory": CHANGE,
        "accounts.user": EDIT,  # the facilitators and admins of its territory
        "otp_totp.totpdevice": frozenset({"view", "delete"}),  # theirs (rows_for)
        "partners.eligiblelist": EDIT,  # its territory's lists; the national ones read only (can_change)
        "partners.organisation": EDIT,  # the directory the territories share, as in the app
        **dict.fromkeys(NATIONAL_REFERENCE, VIEW),
        **dict.fromkeys(DAILY_DATA, EDIT),
    },
}
# The fields of its Territory row a territory's admin changes. Its name and carrier name it in the coordinations'
# consolidated figures, its departments and communes decide which coordinations cover it: the platform's.
TERRITORY_FIELDS = ("hourly_cost", "insertion_rate", "minimum_hours", "counting_unit")


def label(model) -> str:
    return model._meta.label_lower


def allowed(user, model, action: str) -> bool:
    return user.is_active and action in ADMIN_ACCESS.get(user.role, {}).get(label(model), frozenset())


@cache
def territory_path(model) -> str | None:
    """The lookup from ``model`` to its territory ('' for Territory itself, ``market__territory`` for a lot), or
    None for shared data (organisations, reference data). Followed through the foreign keys declared first; a
    user (``changed_by``…) never makes a row a territory's."""
    if model is Territory:
        return ""
    paths = [(model, "")]
    seen = {model}
    while paths:
        current, prefix = paths.pop(0)
        for field in current._meta.concrete_fields:
            target = field.related_model if field.many_to_one or field.one_to_one else None
            if target is Territory:
                return f"{prefix}{field.name}"
            if target is not None and target is not User and target not in seen:
                seen.add(target)
                paths.append((target, f"{prefix}{field.name}__"))
    return None


def national_path(model) -> str | None:
    """The lookup of ``model``'s rows that belong to no territory (a national eligible-public list and its
    categories), or None when every row has a territory."""
    path = territory_path(model)
    if not path:
        return None
    owner = model
    for name in path.split("__"):
        field = owner._meta.get_field(name)
        if field.null:
            return f"{path}__isnull"
        owner = field.related_model
    return None


def rows_for(user, queryset):
    """The rows of ``queryset`` the user reaches in the admin."""
    model = queryset.model
    if model is TOTPDevice:  # a user's device: the users' the admin reaches
        return queryset.filter(user__in=rows_for(user, User.objects.all()))
    if model is User:
        if user.is_platform_admin:
            return queryset
        return queryset.filter(role__in=TERRITORY_ROLES, territory_id__in=user.territory_ids())
    path = territory_path(model)
    if path is None:
        return queryset
    national = national_path(model)
    if user.is_platform_admin:
        return queryset if model is Territory else queryset.filter(**{national: True}) if national else queryset.none()
    own = Q(pk=user.territory_id) if model is Territory else Q(**{f"{path}_id": user.territory_id})
    return queryset.filter(own | Q(**{national: True}) if national else own)


def can_change(user, obj) -> bool:
    """A national row (no territory) is the platform admin's to change; a territory's admin reads it only."""
    national = national_path(type(obj))
    if national is None or user.is_platform_admin:
        return True
    return not type(obj).objects.filter(pk=obj.pk, **{national: True}).exists()


class ScopedChoicesMixin:
    """The choices of a foreign key or a many-to-many field: the rows the user reaches (rows_for)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = rows_for(request.user, field.queryset)
            if db_field.related_model is Territory and not request.user.is_platform_admin:
                # a territory's admin writes its territory's rows: its own, the one choice, never none (national)
                field.required, field.empty_label, field.initial = True, None, request.user.territory_id
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = rows_for(request.user, field.queryset)
        return field


class RoleAccessMixin(ScopedChoicesMixin):
    """For the ModelAdmins of every app: permissions from ADMIN_ACCESS, rows and foreign-key choices from
    rows_for (a territory admin's new row can only be of its territory, the one offered)."""

    def has_module_permission(self, request):
        app = f"{self.model._meta.app_label}."
        return request.user.is_active and any(name.startswith(app) for name in ADMIN_ACCESS.get(request.user.role, {}))

    def has_view_permission(self, request, obj=None):
        return allowed(request.user, self.model, "view")

    def has_add_permission(self, request):
        return allowed(request.user, self.model, "add")

    def has_change_permission(self, request, obj=None):
        return allowed(request.user, self.model, "change") and (obj is None or can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return allowed(request.user, self.model, "delete") and (obj is None or can_change(request.user, obj))

    def get_queryset(self, request):
        return rows_for(request.user, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        """The platform admin writes national rows only (an eligible-public list without a territory)."""
        fields = tuple(super().get_readonly_fields(request, obj))
        national = request.user.is_platform_admin and self.model is not User
        return (*fields, "territory") if national and territory_path(self.model) == "territory" else fields


class RoleAccessInlineMixin(ScopedChoicesMixin):
    """For inlines: what the user may do on the parent row, and the same choices."""

    def has_view_permission(self, request, obj=None):
        return allowed(request.user, self.parent_model, "view")

    def has_add_permission(self, request, obj=None):
        return allowed(request.user, self.parent_model, "change") and (obj is None or can_change(request.user, obj))

    has_change_permission = has_delete_permission = has_add_permission
