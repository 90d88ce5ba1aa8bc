from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from territories.models import Coordination
from territories.scope import ALL, Scope


class Role(models.TextChoices):
    # a user created without a role (``User()``, a form that forgot it) sees nothing and reaches no page but its
    # account's: visibility opens only with a role given on purpose
    NONE = "none", "sans rôle (aucun accès)"
    FACILITATOR = "facilitator", "facilitateur"
    ADMIN = "admin", "administrateur du territoire"
    BUYER = "buyer", "utilisateur d'un donneur d'ordre"
    COORDINATION = "coordination", "coordination (département, région, nation)"
    PLATFORM = "platform", "administrateur de la plateforme"


# What each role is attached to: a territory, a buyer organisation, a coordination, or nothing (the platform).
TERRITORY_ROLES = (Role.FACILITATOR, Role.ADMIN)
# The roles that reach Django's admin (what each sees there: accounts.admin_access).
STAFF_ROLES = (Role.PLATFORM, Role.ADMIN)
ATTACHMENTS = {
    "territory": (TERRITORY_ROLES, "Un facilitateur ou un administrateur appartient à un territoire."),
    "organisation": ((Role.BUYER,), "Un utilisateur de donneur d'ordre est rattaché à un donneur d'ordre."),
    "coordination": ((Role.COORDINATION,), "Un utilisateur de coordination est rattaché à une coordination."),
}


class LevierUserManager(UserManager):
    def colleagues_of(self, user):
        """The facilitators and admins of the user's territories (every territory's for the platform admin)."""
        editors = self.filter(role__in=TERRITORY_ROLES).order_by("last_name", "username")
        territories = user.territory_ids()
        return editors if territories is None else editors.filter(territory__in=territories)

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """``createsuperuser`` makes the platform admin, who creates the territories and their first admins."""
        extra_fields.setdefault("role", Role.PLATFORM)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.NONE)
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name="territoire",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Obligatoire pour un facilitateur ou un administrateur de territoire, vide sinon.",
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name="donneur d'ordre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Obligatoire pour un utilisateur de donneur d'ordre, vide sinon.",
    )
    coordination = models.ForeignKey(
        "territories.Coordination",
        verbose_name="coordination",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Obligatoire pour un utilisateur de coordination, vide sinon.",
    )

    objects = LevierUserManager()

    class Meta:
        verbose_name = "utilisateur"
        constraints = [
            models.CheckConstraint(
                name=f"user_{field}_matches_role",
                condition=Q(role__in=roles, **{f"{field}__isnull": False})
                | (~Q(role__in=roles) & Q(**{f"{field}__isnull": True})),
            )
            for field, (roles, _) in ATTACHMENTS.items()
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        errors = {}
        for field, (roles, message) in ATTACHMENTS.items():
            attached = getattr(self, f"{field}_id") is not None
            if self.role in roles and not attached:
                errors[field] = message
            elif self.role not in roles and attached:
                errors[field] = f"Seul le rôle qui l'exige a ce champ : {message[0].lower()}{message[1:]}"
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # the role decides: the admin is its staff's, and no role but the platform's bypasses Django's permissions
        self.is_staff = self.role in STAFF_ROLES
        self.is_superuser = self.is_superuser and self.role == Role.PLATFORM
        return super().save(*args, **kwargs)

    @property
    def is_buyer_user(self) -> bool:
        return self.role == Role.BUYER

    @property
    def is_coordination(self) -> bool:
        return self.role == Role.COORDINATION

    @property
    def is_platform_admin(self) -> bool:
        return self.role == Role.PLATFORM

    @property
    def can_edit(self) -> bool:
        """Facilitators and admins of a territory do the daily work; the other roles only read."""
        return self.is_authenticated and self.role in TERRITORY_ROLES

    def territory_ids(self) -> list[int] | None:
        """The territories whose data this user works on or reads: None for every one (the platform admin). A
        coordination's are read once per user object (one query)."""
        if self.role in TERRITORY_ROLES:
            return [self.territory_id]
        if self.role == Role.COORDINATION:
            if not hasattr(self, "_coordination_territories"):
                self._coordination_territories = Coordination.territory_ids_of(self.coordination_id)
            return self._coordination_territories
        if self.role == Role.PLATFORM:
            return None
        return []

    def database_scope(self) -> Scope:
        """The rows the database opens to this user's requests (territories.scope)."""
        if self.role == Role.BUYER:
            return Scope((), self.organisation_id)
        territories = self.territory_ids()
        return ALL if territories is None else Scope(tuple(territories))
