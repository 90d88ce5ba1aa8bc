"""The reservations recorded before a reservation could combine articles: each keeps its article when it is one of
L2113-12 to L2113-15 and gains those its structures need (a reservation to EI and ESAT on L2113-13 alone now rests on
L2113-12 and L2113-13, as its structures show it meant). A reservation whose basis was no reservation article takes
its structures' articles, L2113-13 (the SIAE, the usual default) when they name none. Prison work mixed with other
structures stays as it was: L2113-14 forbids the mix, the contract page says so and the facilitator decides. Then
the database keeps the rules (a reserved market on reservation articles only)."""

from django.db import migrations, models

# The articles, in the order of the code, and the structures each names (frozen here as of this migration).
RESERVATIONS = ["L2113-12", "L2113-13", "L2113-13-1", "L2113-15"]
PRISON = "L2113-13-1"
ARTICLE_OF = {
    **dict.fromkeys(["ea", "eatt", "esat"], "L2113-12"),
    **dict.fromkeys(["aci", "ai", "ei", "etti", "eiti"], "L2113-13"),
    "prison": PRISON,
    "ess": "L2113-15",
}


def articles_of(legal_basis, structures):
    chosen = {legal_basis} & set(RESERVATIONS)
    articles = chosen | {ARTICLE_OF[s] for s in structures or [] if s in ARTICLE_OF}
    if PRISON in articles and len(articles) > 1:
        articles = chosen or {PRISON}
    return [article for article in RESERVATIONS if article in (articles or {"L2113-13"})]


def combine(apps, schema_editor):
    Consideration = apps.get_model("clauses", "Consideration")
    for consideration in Consideration.objects.filter(kind="reserved_market"):
        main, *others = articles_of(consideration.legal_basis, consideration.reserved_structures)
        if (main, others) != (consideration.legal_basis, consideration.combined_bases):
            consideration.legal_basis, consideration.combined_bases = main, others
            consideration.save(update_fields=["legal_basis", "combined_bases"])


class Migration(migrations.Migration):
    dependencies = [("clauses", "0019_reservation_bases")]

    operations = [
        migrations.RunPython(combine, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="consideration",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "reserved_market"), _negated=True),
                    ("legal_basis__in", ["L2113-12", "L2113-13", "L2113-13-1", "L2113-15"]),
                    _connector="OR",
                ),
                name="consideration_reservation_article",
                violation_error_message="Un marché réservé repose sur l'un des articles L2113-12 à L2113-15.",
            ),
        ),
        migrations.AddConstraint(
            model_name="consideration",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("combined_bases", []),
                    models.Q(
                        ("combined_bases__contained_by", ["L2113-12", "L2113-13", "L2113-13-1", "L2113-15"]),
                        ("kind", "reserved_market"),
                    ),
                    _connector="OR",
                ),
                name="consideration_combined_bases_reservation",
                violation_error_message="Seul un marché réservé combine plusieurs articles de réservation.",
            ),
        ),
    ]
