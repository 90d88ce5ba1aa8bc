"""Penalties become the CCAG 2021 procedure (followup.penalties): the amount recorded so far is the computed
penalty (renamed computed_amount); the notice, the answer and the decision get their fields. A decision recorded
before keeps its amount (applied, when it was applied), its reason, its author and its day; it is marked
« mise en demeure non enregistrée », in the history too. Then the constraints that keep the steps in order."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

LEGACY = """
UPDATE {table} SET notice_not_recorded = true,
    decided_on = (decided_at AT TIME ZONE 'Europe/Paris')::date,
    amount = CASE WHEN decision = 'appliquee' THEN computed_amount END
WHERE decision <> '';
"""


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0006_summaries_write_figures_territory"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("penaltydecision", "amount", "computed_amount"),
        migrations.RenameField("historicalpenaltydecision", "amount", "computed_amount"),
        migrations.AlterModelOptions(
            name="historicalpenaltydecision",
            options={
                "get_latest_by": ("history_date", "history_id"),
                "ordering": ("-history_date", "-history_id"),
                "verbose_name": "historique des procédures de pénalité",
                "verbose_name_plural": "historical procédures de pénalité",
            },
        ),
        migrations.AlterModelOptions(
            name="penaltydecision",
            options={"verbose_name": "procédure de pénalité", "verbose_name_plural": "procédures de pénalité"},
        ),
        migrations.AddField(
            model_name="historicalpenaltydecision",
            name="amount",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="Par défaut la pénalité calculée ; un montant inférieur est motivé.",
                max_digits=14,
                null=True,
                verbose_name="pénalité appliquée (€)",
            ),
        ),
        migrations.AddField(
            model_name="historicalpenaltydecision",
            name="answer",
            field=models.TextField(blank=True, verbose_name="réponse de l'entreprise"),
        ),
        migrations.AddField(
            model_name="historicalpenaltydecision",
            name="answer_date",
            field=models.DateField(
                blank=True,
                help_text="Sans réponse : le jour où son absence a été constatée.",
                null=True,
                verbose_name="réponse reçue le",
            ),
        ),
        migrations.AddField(
            model_name="historicalpenaltydecision",
            name="answer_deadline",
            field=models.DateField(blank=True, null=True, verbose_name="réponse attendue au plus tard le"),
        ),
        migrations.AddField(
            model_name="historicalpenaltydecision",
            name="answer_recorded_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="réponse enregistrée par",
            ),
        ),
        migrations.AddField(
            model_name="historicalpenaltydecision",
            name="decided_on",
            field=models.DateField(blank=True, null=True, verbose_name="décidée le"),
        ),
        migrations.AddField(
            model_name="historicalpenaltydecision",
            name="no_answer",
            field=models.BooleanField(default=False, verbose_name="pas de réponse dans le délai"),
        ),
        migrations.AddField(
            model_name="historicalpenaltydecision",
            name="notice_date",
            field=models.DateField(blank=True, null=True, verbose_name="mise en demeure envoyée le"),
        ),
        migrations.AddField(
            model_name="historicalpenaltydecision",
            name="notice_not_recorded",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Décision enregistrée avant que Levier ne suive la procédure : sa mise en demeure et la réponse de l'entreprise n'ont pas été saisies.",
                verbose_name="mise en demeure non enregistrée",
            ),
        ),
        migrations.AddField(
            model_name="historicalpenaltydecision",
            name="notified_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="mise en demeure enregistrée par",
            ),
        ),
        migrations.AddField(
            model_name="penaltydecision",
            name="amount",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="Par défaut la pénalité calculée ; un montant inférieur est motivé.",
                max_digits=14,
                null=True,
                verbose_name="pénalité appliquée (€)",
            ),
        ),
        migrations.AddField(
            model_name="penaltydecision",
            name="answer",
            field=models.TextField(blank=True, verbose_name="réponse de l'entreprise"),
        ),
        migrations.AddField(
            model_name="penaltydecision",
            name="answer_date",
            field=models.DateField(
                blank=True,
                help_text="Sans réponse : le jour où son absence a été constatée.",
                null=True,
                verbose_name="réponse reçue le",
            ),
        ),
        migrations.AddField(
            model_name="penaltydecision",
            name="answer_deadline",
            field=models.DateField(blank=True, null=True, verbose_name="réponse attendue au plus tard le"),
        ),
        migrations.AddField(
            model_name="penaltydecision",
            name="answer_recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="réponse enregistrée par",
            ),
        ),
        migrations.AddField(
            model_name="penaltydecision",
            name="decided_on",
            field=models.DateField(blank=True, null=True, verbose_name="décidée le"),
        ),
        migrations.AddField(
            model_name="penaltydecision",
            name="no_answer",
            field=models.BooleanField(default=False, verbose_name="pas de réponse dans le délai"),
        ),
        migrations.AddField(
            model_name="penaltydecision",
            name="notice_date",
            field=models.DateField(blank=True, null=True, verbose_name="mise en demeure envoyée le"),
        ),
        migrations.AddField(
            model_name="penaltydecision",
            name="notice_not_recorded",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Décision enregistrée avant que Levier ne suive la procédure : sa mise en demeure et la réponse de l'entreprise n'ont pas été saisies.",
                verbose_name="mise en demeure non enregistrée",
            ),
        ),
        migrations.AddField(
            model_name="penaltydecision",
            name="notified_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="mise en demeure enregistrée par",
            ),
        ),
        migrations.AlterField(
            model_name="historicalpenaltydecision",
            name="decision",
            field=models.CharField(
                blank=True,
                choices=[("appliquee", "pénalité appliquée"), ("renonciation", "renonciation motivée")],
                max_length=20,
                verbose_name="décision",
            ),
        ),
        migrations.AlterField(
            model_name="penaltydecision",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="décidée par",
            ),
        ),
        migrations.AlterField(
            model_name="penaltydecision",
            name="decision",
            field=models.CharField(
                blank=True,
                choices=[("appliquee", "pénalité appliquée"), ("renonciation", "renonciation motivée")],
                max_length=20,
                verbose_name="décision",
            ),
        ),
        migrations.RunSQL(
            LEGACY.format(table="clauses_penaltydecision")
            + LEGACY.format(table="clauses_historicalpenaltydecision")
            + "SET CONSTRAINTS ALL IMMEDIATE;",
            migrations.RunSQL.noop,
        ),
        migrations.RemoveField(
            model_name="historicalpenaltydecision",
            name="decided_at",
        ),
        migrations.RemoveField(
            model_name="penaltydecision",
            name="decided_at",
        ),
        migrations.AddConstraint(
            model_name="penaltydecision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("notice_date__isnull", False), ("answer_deadline__isnull", False)),
                    models.Q(
                        models.Q(("notice_date__isnull", False), _negated=True),
                        models.Q(("answer_deadline__isnull", False), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="penalty_notice_dated",
                violation_error_message="Une mise en demeure indique sa date d'envoi et la date limite de réponse.",
            ),
        ),
        migrations.AddConstraint(
            model_name="penaltydecision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("notice_date__isnull", True), ("answer_deadline__gt", models.F("notice_date")), _connector="OR"
                ),
                name="penalty_deadline_after_notice",
                violation_error_message="La date limite de réponse vient après l'envoi de la mise en demeure.",
            ),
        ),
        migrations.AddConstraint(
            model_name="penaltydecision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("answer_date__isnull", False), _negated=True),
                    models.Q(("notice_date__isnull", False), ("answer_date__gte", models.F("notice_date"))),
                    _connector="OR",
                ),
                name="penalty_answer_after_notice",
                violation_error_message="La réponse de l'entreprise suit la mise en demeure : enregistrez d'abord la mise en demeure.",
            ),
        ),
        migrations.AddConstraint(
            model_name="penaltydecision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("answer", ""), ("answer_date__isnull", True), ("no_answer", False)),
                    models.Q(("answer_date__isnull", False), ("answer", ""), ("no_answer", True)),
                    models.Q(
                        ("answer_date__isnull", False), ("no_answer", False), models.Q(("answer", ""), _negated=True)
                    ),
                    _connector="OR",
                ),
                name="penalty_answer_has_text",
                violation_error_message="Une réponse de l'entreprise a une date et un texte ; « pas de réponse dans le délai » n'en a pas.",
            ),
        ),
        migrations.AddConstraint(
            model_name="penaltydecision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("no_answer", False),
                    models.Q(("answer_date__isnull", False), ("answer_date__gt", models.F("answer_deadline"))),
                    _connector="OR",
                ),
                name="penalty_no_answer_after_deadline",
                violation_error_message="« Pas de réponse dans le délai » ne se constate qu'une fois la date limite passée.",
            ),
        ),
        migrations.AddConstraint(
            model_name="penaltydecision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("decision", ""), ("notice_date__isnull", False), ("notice_not_recorded", True), _connector="OR"
                ),
                name="penalty_decision_after_notice",
                violation_error_message="La décision suit la mise en demeure de l'entreprise : enregistrez d'abord la mise en demeure.",
            ),
        ),
        migrations.AddConstraint(
            model_name="penaltydecision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("decision", ""),
                    ("notice_not_recorded", True),
                    models.Q(("answer_date__isnull", False), ("decided_on__gte", models.F("answer_date"))),
                    _connector="OR",
                ),
                name="penalty_decision_after_answer",
                violation_error_message="La décision vient après la réponse de l'entreprise, ou, sans réponse, une fois la date limite passée et « pas de réponse dans le délai » enregistré.",
            ),
        ),
        migrations.AddConstraint(
            model_name="penaltydecision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(models.Q(("decision", ""), _negated=True), ("decided_on__isnull", False)),
                    models.Q(("decision", ""), models.Q(("decided_on__isnull", False), _negated=True)),
                    _connector="OR",
                ),
                name="penalty_decision_dated",
                violation_error_message="Une décision est datée.",
            ),
        ),
        migrations.AddConstraint(
            model_name="penaltydecision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("decision", "appliquee"), ("amount__isnull", False)),
                    models.Q(
                        models.Q(("decision", "appliquee"), _negated=True),
                        models.Q(("amount__isnull", False), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="penalty_applied_has_amount",
                violation_error_message="Une pénalité appliquée a un montant ; une renonciation n'en a pas.",
            ),
        ),
        migrations.AddConstraint(
            model_name="penaltydecision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("amount__isnull", True),
                    models.Q(("amount__gte", 0), ("amount__lte", models.F("computed_amount"))),
                    _connector="OR",
                ),
                name="penalty_amount_within_computed",
                violation_error_message="Le montant appliqué est compris entre 0 € et la pénalité calculée et notifiée.",
            ),
        ),
        migrations.AddConstraint(
            model_name="penaltydecision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("decision", "appliquee"), _negated=True),
                    ("amount", models.F("computed_amount")),
                    models.Q(("reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="penalty_lowered_has_reason",
                violation_error_message="Un montant inférieur à la pénalité calculée est motivé.",
            ),
        ),
    ]
