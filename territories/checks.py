from django.core.checks import Error, Tags, register
from django.db import connections


def row_security_errors(connection) -> list[Error]:
    """levier.E001 for ``connection`` when its role is a superuser or BYPASSRLS (one query)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
        escapes = cursor.fetchone()[0]
    if not escapes:
        return []
    return [
        Error(
            f"Le rôle PostgreSQL « {connection.settings_dict['USER']} » est superutilisateur ou BYPASSRLS : la "
            "sécurité par ligne qui sépare les territoires ne s'appliquerait pas.",
            hint="Connectez Levier avec un rôle ordinaire, propriétaire de sa base (DATABASE_URL, voir le README).",
            id="levier.E001",
        )
    ]


@register(Tags.security, deploy=True)
def row_security_binds(app_configs, **kwargs):
    """The territories' isolation rests on PostgreSQL's row-level security, which a superuser or a BYPASSRLS role
    escapes: Levier must connect as an ordinary role that owns its tables."""
    return row_security_errors(connections["default"])
