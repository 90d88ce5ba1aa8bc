"""Eligibility per hiring: the hirings (their publics, proof and checker, with their history and row-level
security) and the hours line's hiring; a line without one is « éligibilité à vérifier », neither counted nor
ineligible in the summaries. The hirings of the lines already there come in followup 0009."""

import django.db.models.deletion
import django.utils.timezone
import pgtrigger.compiler
import pgtrigger.migrations
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from territories.row_security import RowSecurity, of_parent, of_territory


class Migration(migrations.Migration):
    dependencies = [
        ("clauses", "0022_eu_thresholds"),
        ("followup", "0007_penalty_procedure"),
        ("markets", "0013_market_penalty_cap_rate"),
        ("partners", "0009_participant_territory_is_kept"),
        ("territories", "0004_minimum_hours_floor"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Hiring",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("hired_on", models.DateField(verbose_name="embauché le")),
                (
                    "proof_kind",
                    models.CharField(
                        choices=[
                            ("france_travail", "attestation d'inscription à France Travail"),
                            ("rsa", "attestation de droits au RSA ou à l'ASS (CAF, MSA)"),
                            ("rqth", "notification de RQTH (MDPH)"),
                            ("iae", "éligibilité IAE (diagnostic, parcours en SIAE)"),
                            ("qpv", "justificatif de domicile en QPV"),
                            ("prescripteur", "fiche de liaison d'un prescripteur"),
                            ("scolarite", "justificatif de niveau de formation"),
                            ("autre", "autre pièce"),
                            ("reprise", "non renseigné (reprise des données)"),
                        ],
                        max_length=20,
                        verbose_name="pièce justificative vue",
                    ),
                ),
                (
                    "proof_date",
                    models.DateField(
                        blank=True,
                        help_text="Obligatoire, sauf pour les embauches reprises.",
                        null=True,
                        verbose_name="date de la pièce",
                    ),
                ),
                ("checked_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="vérifiée le")),
            ],
            options={
                "verbose_name": "embauche",
                "ordering": ["participant", "company", "-hired_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalHiring",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("hired_on", models.DateField(verbose_name="embauché le")),
                (
                    "proof_kind",
                    models.CharField(
                        choices=[
                            ("france_travail", "attestation d'inscription à France Travail"),
                            ("rsa", "attestation de droits au RSA ou à l'ASS (CAF, MSA)"),
                            ("rqth", "notification de RQTH (MDPH)"),
                            ("iae", "éligibilité IAE (diagnostic, parcours en SIAE)"),
                            ("qpv", "justificatif de domicile en QPV"),
                            ("prescripteur", "fiche de liaison d'un prescripteur"),
                            ("scolarite", "justificatif de niveau de formation"),
                            ("autre", "autre pièce"),
                            ("reprise", "non renseigné (reprise des données)"),
                        ],
                        max_length=20,
                        verbose_name="pièce justificative vue",
                    ),
                ),
                (
                    "proof_date",
                    models.DateField(
                        blank=True,
                        help_text="Obligatoire, sauf pour les embauches reprises.",
                        null=True,
                        verbose_name="date de la pièce",
                    ),
                ),
                ("checked_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="vérifiée le")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
            ],
            options={
                "verbose_name": "historique des embauches",
                "verbose_name_plural": "historical embauches",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalHiring_categories",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
            ],
            options={
                "verbose_name": "HistoricalHiring_categories",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="realisedhours",
            name="summaries_after_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="realisedhours",
            name="summaries_after_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="realisedhours",
            name="summaries_after_delete",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="realisedhours",
            name="summaries_after_truncate",
        ),
        migrations.AlterField(
            model_name="historicalrealisedhours",
            name="eligible",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Faux : l'embauche n'a retenu aucun public de la clause, ou reste à vérifier ; les heures ne comptent pas.",
                verbose_name="participant éligible",
            ),
        ),
        migrations.AlterField(
            model_name="realisedhours",
            name="eligible",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Faux : l'embauche n'a retenu aucun public de la clause, ou reste à vérifier ; les heures ne comptent pas.",
                verbose_name="participant éligible",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="realisedhours",
            trigger=pgtrigger.compiler.Trigger(
                name="summaries_after_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    declare="DECLARE touched_considerations bigint[]; touched_participants bigint[];",
                    func="touched_considerations := ARRAY(SELECT DISTINCT id FROM (SELECT consideration_id FROM new_rows) AS touched(id) WHERE id IS NOT NULL ORDER BY id); PERFORM FROM clauses_consideration WHERE id = ANY(touched_considerations) ORDER BY id FOR NO KEY UPDATE; IF cardinality(touched_considerations) > 0 THEN INSERT INTO clauses_hourssummary AS summary (consideration_id, market_id, territory_id, organisation_id, year, validated, declared, ineligible_worked) SELECT line.consideration_id, clause.market_id, market.territory_id, contractor.organisation_id, EXTRACT(YEAR FROM line.month), COALESCE(SUM(line.counted_hours) FILTER (WHERE line.eligible AND line.status = 'validee'), 0), COALESCE(SUM(line.counted_hours) FILTER (WHERE line.eligible AND line.status = 'declaree'), 0), COALESCE(SUM(line.hours_worked) FILTER (WHERE NOT line.eligible AND line.hiring_id IS NOT NULL), 0) FROM new_rows line JOIN clauses_consideration clause ON clause.id = line.consideration_id JOIN markets_market market ON market.id = clause.market_id JOIN markets_contractor contractor ON contractor.id = line.contractor_id WHERE TRUE GROUP BY 1, 2, 3, 4, 5 ON CONFLICT (consideration_id, organisation_id, year) DO UPDATE SET validated = summary.validated + EXCLUDED.validated, declared = summary.declared + EXCLUDED.declared, ineligible_worked = summary.ineligible_worked + EXCLUDED.ineligible_worked; INSERT INTO clauses_countedparticipation (consideration_id, market_id, territory_id, organisation_id, participant_id, year) SELECT DISTINCT line.consideration_id, clause.market_id, market.territory_id, contractor.organisation_id, line.participant_id, EXTRACT(YEAR FROM line.month) FROM new_rows line JOIN clauses_consideration clause ON clause.id = line.consideration_id JOIN markets_market market ON market.id = clause.market_id JOIN markets_contractor contractor ON contractor.id = line.contractor_id WHERE (TRUE) AND line.eligible AND line.status = 'validee' ON CONFLICT DO NOTHING; DELETE FROM clauses_realisedfigures WHERE consideration_id = ANY(touched_considerations); INSERT INTO clauses_realisedfigures (consideration_id, territory_id, realised_hours, declared_hours, ineligible_hours, participant_count, action_count, people_reached, women_reached) SELECT clause.id, clause.territory_id, COALESCE(hours.validated, 0), COALESCE(hours.declared, 0), COALESCE(hours.ineligible, 0), COALESCE(people.count, 0), COALESCE(acts.count, 0), COALESCE(acts.people, 0), COALESCE(acts.women, 0) FROM clauses_consideration clause LEFT JOIN (SELECT consideration_id, SUM(validated) AS validated, SUM(declared) AS declared, SUM(ineligible_worked) AS ineligible FROM clauses_hourssummary WHERE consideration_id = ANY(touched_considerations) GROUP BY 1) hours ON hours.consideration_id = clause.id LEFT JOIN (SELECT consideration_id, COUNT(DISTINCT participant_id) AS count FROM clauses_countedparticipation WHERE consideration_id = ANY(touched_considerations) GROUP BY 1) people ON people.consideration_id = clause.id LEFT JOIN (SELECT consideration_id, SUM(count) AS count, SUM(people_reached) AS people, SUM(women_reached) AS women FROM clauses_actionsummary WHERE consideration_id = ANY(touched_considerations) GROUP BY 1) acts ON acts.consideration_id = clause.id WHERE clause.id = ANY(touched_considerations) AND (hours.consideration_id IS NOT NULL OR acts.consideration_id IS NOT NULL); touched_participants := ARRAY(SELECT DISTINCT id FROM (SELECT participant_id FROM new_rows line WHERE line.eligible AND line.status = 'validee') AS touched(id) WHERE id IS NOT NULL ORDER BY id); PERFORM FROM partners_participant WHERE id = ANY(touched_participants) ORDER BY id FOR NO KEY UPDATE; DELETE FROM clauses_countedparticipant counted WHERE participant_id = ANY(touched_participants) AND NOT EXISTS (SELECT FROM clauses_countedparticipation WHERE participant_id = counted.participant_id); INSERT INTO clauses_countedparticipant (participant_id, territory_id) SELECT DISTINCT counted.participant_id, person.territory_id FROM clauses_countedparticipation counted JOIN partners_participant person ON person.id = counted.participant_id WHERE counted.participant_id = ANY(touched_participants) ON CONFLICT DO NOTHING; END IF;  RETURN NULL;",
                    hash="75faf7cf14418259c5bd12b24edef108a620406a",
                    level="STATEMENT",
                    operation="INSERT",
                    pgid="pgtrigger_summaries_after_insert_e8131",
                    referencing="REFERENCING NEW TABLE AS new_rows ",
                    table="clauses_realisedhours",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="realisedhours",
            trigger=pgtrigger.compiler.Trigger(
                name="summaries_after_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    declare="DECLARE touched_considerations bigint[]; touched_participants bigint[];",
                    func="touched_considerations := ARRAY(SELECT DISTINCT id FROM (SELECT consideration_id FROM (SELECT id, consideration_id, contractor_id, participant_id, month, hours_worked, counted_hours, hiring_id, eligible, status FROM old_rows EXCEPT SELECT id, consideration_id, contractor_id, participant_id, month, hours_worked, counted_hours, hiring_id, eligible, status FROM new_rows) AS before UNION ALL SELECT consideration_id FROM (SELECT id, consideration_id, contractor_id, participant_id, month, hours_worked, counted_hours, hiring_id, eligible, status FROM new_rows EXCEPT SELECT id, consideration_id, contractor_id, participant_id, month, hours_worked, counted_hours, hiring_id, eligible, status FROM old_rows) AS after) AS touched(id) WHERE id IS NOT NULL ORDER BY id); PERFORM FROM clauses_consideration WHERE id = ANY(touched_considerations) ORDER BY id FOR NO KEY UPDATE; IF cardinality(touched_considerations) > 0 THEN DELETE FROM clauses_hourssummary WHERE consideration_id = ANY(touched_considerations); INSERT INTO clauses_hourssummary AS summary (consideration_id, market_id, territory_id, organisation_id, year, validated, declared, ineligible_worked) SELECT line.consideration_id, clause.market_id, market.territory_id, contractor.organisation_id, EXTRACT(YEAR FROM line.month), COALESCE(SUM(line.counted_hours) FILTER (WHERE line.eligible AND line.status = 'validee'), 0), COALESCE(SUM(line.counted_hours) FILTER (WHERE line.eligible AND line.status = 'declaree'), 0), COALESCE(SUM(line.hours_worked) FILTER (WHERE NOT line.eligible AND line.hiring_id IS NOT NULL), 0) FROM clauses_realisedhours line JOIN clauses_consideration clause ON clause.id = line.consideration_id JOIN markets_market market ON market.id = clause.market_id JOIN markets_contractor contractor ON contractor.id = line.contractor_id WHERE line.consideration_id = ANY(touched_considerations) GROUP BY 1, 2, 3, 4, 5; DELETE FROM clauses_countedparticipation WHERE consideration_id = ANY(touched_considerations); INSERT INTO clauses_countedparticipation (consideration_id, market_id, territory_id, organisation_id, participant_id, year) SELECT DISTINCT line.consideration_id, clause.market_id, market.territory_id, contractor.organisation_id, line.participant_id, EXTRACT(YEAR FROM line.month) FROM clauses_realisedhours line JOIN clauses_consideration clause ON clause.id = line.consideration_id JOIN markets_market market ON market.id = clause.market_id JOIN markets_contractor contractor ON contractor.id = line.contractor_id WHERE (line.consideration_id = ANY(touched_considerations)) AND line.eligible AND line.status = 'validee'; DELETE FROM clauses_realisedfigures WHERE consideration_id = ANY(touched_considerations); INSERT INTO clauses_realisedfigures (consideration_id, territory_id, realised_hours, declared_hours, ineligible_hours, participant_count, action_count, people_reached, women_reached) SELECT clause.id, clause.territory_id, COALESCE(hours.validated, 0), COALESCE(hours.declared, 0), COALESCE(hours.ineligible, 0), COALESCE(people.count, 0), COALESCE(acts.count, 0), COALESCE(acts.people, 0), COALESCE(acts.women, 0) FROM clauses_consideration clause LEFT JOIN (SELECT consideration_id, SUM(validated) AS validated, SUM(declared) AS declared, SUM(ineligible_worked) AS ineligible FROM clauses_hourssummary WHERE consideration_id = ANY(touched_considerations) GROUP BY 1) hours ON hours.consideration_id = clause.id LEFT JOIN (SELECT consideration_id, COUNT(DISTINCT participant_id) AS count FROM clauses_countedparticipation WHERE consideration_id = ANY(touched_considerations) GROUP BY 1) people ON people.consideration_id = clause.id LEFT JOIN (SELECT consideration_id, SUM(count) AS count, SUM(people_reached) AS people, SUM(women_reached) AS women FROM clauses_actionsummary WHERE consideration_id = ANY(touched_considerations) GROUP BY 1) acts ON acts.consideration_id = clause.id WHERE clause.id = ANY(touched_considerations) AND (hours.consideration_id IS NOT NULL OR acts.consideration_id IS NOT NULL); END IF; touched_participants := ARRAY(SELECT DISTINCT id FROM (SELECT participant_id FROM (SELECT id, consideration_id, contractor_id, participant_id, month, hours_worked, counted_hours, hiring_id, eligible, status FROM old_rows EXCEPT SELECT id, consideration_id, contractor_id, participant_id, month, hours_worked, counted_hours, hiring_id, eligible, status FROM new_rows) AS before UNION ALL SELECT participant_id FROM (SELECT id, consideration_id, contractor_id, participant_id, month, hours_worked, counted_hours, hiring_id, eligible, status FROM new_rows EXCEPT SELECT id, consideration_id, contractor_id, participant_id, month, hours_worked, counted_hours, hiring_id, eligible, status FROM old_rows) AS after) AS touched(id) WHERE id IS NOT NULL ORDER BY id); PERFORM FROM partners_participant WHERE id = ANY(touched_participants) ORDER BY id FOR NO KEY UPDATE; DELETE FROM clauses_countedparticipant counted WHERE participant_id = ANY(touched_participants) AND NOT EXISTS (SELECT FROM clauses_countedparticipation WHERE participant_id = counted.participant_id); INSERT INTO clauses_countedparticipant (participant_id, territory_id) SELECT DISTINCT counted.participant_id, person.territory_id FROM clauses_countedparticipation counted JOIN partners_participant person ON person.id = counted.participant_id WHERE counted.participant_id = ANY(touched_participants) ON CONFLICT DO NOTHING;  RETURN NULL;",
                    hash="54b3eb980f76293718d81a2412cb90e99ab6b713",
                    level="STATEMENT",
                    operation="UPDATE",
                    pgid="pgtrigger_summaries_after_update_add00",
                    referencing="REFERENCING OLD TABLE AS old_rows  NEW TABLE AS new_rows ",
                    table="clauses_realisedhours",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="realisedhours",
            trigger=pgtrigger.compiler.Trigger(
                name="summaries_after_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    declare="DECLARE touched_considerations bigint[]; touched_participants bigint[];",
                    func="touched_considerations := ARRAY(SELECT DISTINCT id FROM (SELECT consideration_id FROM old_rows) AS touched(id) WHERE id IS NOT NULL ORDER BY id); PERFORM FROM clauses_consideration WHERE id = ANY(touched_considerations) ORDER BY id FOR NO KEY UPDATE; IF cardinality(touched_considerations) > 0 THEN DELETE FROM clauses_hourssummary WHERE consideration_id = ANY(touched_considerations); INSERT INTO clauses_hourssummary AS summary (consideration_id, market_id, territory_id, organisation_id, year, validated, declared, ineligible_worked) SELECT line.consideration_id, clause.market_id, market.territory_id, contractor.organisation_id, EXTRACT(YEAR FROM line.month), COALESCE(SUM(line.counted_hours) FILTER (WHERE line.eligible AND line.status = 'validee'), 0), COALESCE(SUM(line.counted_hours) FILTER (WHERE line.eligible AND line.status = 'declaree'), 0), COALESCE(SUM(line.hours_worked) FILTER (WHERE NOT line.eligible AND line.hiring_id IS NOT NULL), 0) FROM clauses_realisedhours line JOIN clauses_consideration clause ON clause.id = line.consideration_id JOIN markets_market market ON market.id = clause.market_id JOIN markets_contractor contractor ON contractor.id = line.contractor_id WHERE line.consideration_id = ANY(touched_considerations) GROUP BY 1, 2, 3, 4, 5; DELETE FROM clauses_countedparticipation WHERE consideration_id = ANY(touched_considerations); INSERT INTO clauses_countedparticipation (consideration_id, market_id, territory_id, organisation_id, participant_id, year) SELECT DISTINCT line.consideration_id, clause.market_id, market.territory_id, contractor.organisation_id, line.participant_id, EXTRACT(YEAR FROM line.month) FROM clauses_realisedhours line JOIN clauses_consideration clause ON clause.id = line.consideration_id JOIN markets_market market ON market.id = clause.market_id JOIN markets_contractor contractor ON contractor.id = line.contractor_id WHERE (line.consideration_id = ANY(touched_considerations)) AND line.eligible AND line.status = 'validee'; DELETE FROM clauses_realisedfigures WHERE consideration_id = ANY(touched_considerations); INSERT INTO clauses_realisedfigures (consideration_id, territory_id, realised_hours, declared_hours, ineligible_hours, participant_count, action_count, people_reached, women_reached) SELECT clause.id, clause.territory_id, COALESCE(hours.validated, 0), COALESCE(hours.declared, 0), COALESCE(hours.ineligible, 0), COALESCE(people.count, 0), COALESCE(acts.count, 0), COALESCE(acts.people, 0), COALESCE(acts.women, 0) FROM clauses_consideration clause LEFT JOIN (SELECT consideration_id, SUM(validated) AS validated, SUM(declared) AS declared, SUM(ineligible_worked) AS ineligible FROM clauses_hourssummary WHERE consideration_id = ANY(touched_considerations) GROUP BY 1) hours ON hours.consideration_id = clause.id LEFT JOIN (SELECT consideration_id, COUNT(DISTINCT participant_id) AS count FROM clauses_countedparticipation WHERE consideration_id = ANY(touched_considerations) GROUP BY 1) people ON people.consideration_id = clause.id LEFT JOIN (SELECT consideration_id, SUM(count) AS count, SUM(people_reached) AS people, SUM(women_reached) AS women FROM clauses_actionsummary WHERE consideration_id = ANY(touched_considerations) GROUP BY 1) acts ON acts.consideration_id = clause.id WHERE clause.id = ANY(touched_considerations) AND (hours.consideration_id IS NOT NULL OR acts.consideration_id IS NOT NULL); END IF; touched_participants := ARRAY(SELECT DISTINCT id FROM (SELECT participant_id FROM old_rows) AS touched(id) WHERE id IS NOT NULL ORDER BY id); PERFORM FROM partners_participant WHERE id = ANY(touched_participants) ORDER BY id FOR NO KEY UPDATE; DELETE FROM clauses_countedparticipant counted WHERE participant_id = ANY(touched_participants) AND NOT EXISTS (SELECT FROM clauses_countedparticipation WHERE participant_id = counted.participant_id); INSERT INTO clauses_countedparticipant (participant_id, territory_id) SELECT DISTINCT counted.participant_id, person.territory_id FROM clauses_countedparticipation counted JOIN partners_participant person ON person.id = counted.participant_id WHERE counted.participant_id = ANY(touched_participants) ON CONFLICT DO NOTHING;  RETURN NULL;",
                    hash="f4489cbfa8d918e29fdfe84cb49049fe4de2e041",
                    level="STATEMENT",
                    operation="DELETE",
                    pgid="pgtrigger_summaries_after_delete_49c6e",
                    referencing="REFERENCING OLD TABLE AS old_rows ",
                    table="clauses_realisedhours",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="realisedhours",
            trigger=pgtrigger.compiler.Trigger(
                name="summaries_after_truncate",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    declare="DECLARE touched_considerations bigint[]; touched_participants bigint[];",
                    func="touched_considerations := ARRAY(SELECT DISTINCT id FROM (SELECT id FROM clauses_consideration) AS touched(id) WHERE id IS NOT NULL ORDER BY id); PERFORM FROM clauses_consideration WHERE id = ANY(touched_considerations) ORDER BY id FOR NO KEY UPDATE; IF cardinality(touched_considerations) > 0 THEN DELETE FROM clauses_hourssummary WHERE consideration_id = ANY(touched_considerations); INSERT INTO clauses_hourssummary AS summary (consideration_id, market_id, territory_id, organisation_id, year, validated, declared, ineligible_worked) SELECT line.consideration_id, clause.market_id, market.territory_id, contractor.organisation_id, EXTRACT(YEAR FROM line.month), COALESCE(SUM(line.counted_hours) FILTER (WHERE line.eligible AND line.status = 'validee'), 0), COALESCE(SUM(line.counted_hours) FILTER (WHERE line.eligible AND line.status = 'declaree'), 0), COALESCE(SUM(line.hours_worked) FILTER (WHERE NOT line.eligible AND line.hiring_id IS NOT NULL), 0) FROM clauses_realisedhours line JOIN clauses_consideration clause ON clause.id = line.consideration_id JOIN markets_market market ON market.id = clause.market_id JOIN markets_contractor contractor ON contractor.id = line.contractor_id WHERE line.consideration_id = ANY(touched_considerations) GROUP BY 1, 2, 3, 4, 5; DELETE FROM clauses_countedparticipation WHERE consideration_id = ANY(touched_considerations); INSERT INTO clauses_countedparticipation (consideration_id, market_id, territory_id, organisation_id, participant_id, year) SELECT DISTINCT line.consideration_id, clause.market_id, market.territory_id, contractor.organisation_id, line.participant_id, EXTRACT(YEAR FROM line.month) FROM clauses_realisedhours line JOIN clauses_consideration clause ON clause.id = line.consideration_id JOIN markets_market market ON market.id = clause.market_id JOIN markets_contractor contractor ON contractor.id = line.contractor_id WHERE (line.consideration_id = ANY(touched_considerations)) AND line.eligible AND line.status = 'validee'; DELETE FROM clauses_realisedfigures WHERE consideration_id = ANY(touched_considerations); INSERT INTO clauses_realisedfigures (consideration_id, territory_id, realised_hours, declared_hours, ineligible_hours, participant_count, action_count, people_reached, women_reached) SELECT clause.id, clause.territory_id, COALESCE(hours.validated, 0), COALESCE(hours.declared, 0), COALESCE(hours.ineligible, 0), COALESCE(people.count, 0), COALESCE(acts.count, 0), COALESCE(acts.people, 0), COALESCE(acts.women, 0) FROM clauses_consideration clause LEFT JOIN (SELECT consideration_id, SUM(validated) AS validated, SUM(declared) AS declared, SUM(ineligible_worked) AS ineligible FROM clauses_hourssummary WHERE consideration_id = ANY(touched_considerations) GROUP BY 1) hours ON hours.consideration_id = clause.id LEFT JOIN (SELECT consideration_id, COUNT(DISTINCT participant_id) AS count FROM clauses_countedparticipation WHERE consideration_id = ANY(touched_considerations) GROUP BY 1) people ON people.consideration_id = clause.id LEFT JOIN (SELECT consideration_id, SUM(count) AS count, SUM(people_reached) AS people, SUM(women_reached) AS women FROM clauses_actionsummary WHERE consideration_id = ANY(touched_considerations) GROUP BY 1) acts ON acts.consideration_id = clause.id WHERE clause.id = ANY(touched_considerations) AND (hours.consideration_id IS NOT NULL OR acts.consideration_id IS NOT NULL); END IF; touched_participants := ARRAY(SELECT DISTINCT id FROM (SELECT participant_id FROM clauses_countedparticipant UNION SELECT participant_id FROM clauses_countedparticipation) AS touched(id) WHERE id IS NOT NULL ORDER BY id); PERFORM FROM partners_participant WHERE id = ANY(touched_participants) ORDER BY id FOR NO KEY UPDATE; DELETE FROM clauses_countedparticipant counted WHERE participant_id = ANY(touched_participants) AND NOT EXISTS (SELECT FROM clauses_countedparticipation WHERE participant_id = counted.participant_id); INSERT INTO clauses_countedparticipant (participant_id, territory_id) SELECT DISTINCT counted.participant_id, person.territory_id FROM clauses_countedparticipation counted JOIN partners_participant person ON person.id = counted.participant_id WHERE counted.participant_id = ANY(touched_participants) ON CONFLICT DO NOTHING;  RETURN NULL;",
                    hash="bd6c31d15bd7991a2b5f654291d2dc9300807591",
                    level="STATEMENT",
                    operation="TRUNCATE",
                    pgid="pgtrigger_summaries_after_truncate_5c459",
                    table="clauses_realisedhours",
                    when="AFTER",
                ),
            ),
        ),
        migrations.AddField(
            model_name="hiring",
            name="categories",
            field=models.ManyToManyField(
                blank=True,
                help_text="Ceux que la pièce justifie à cette date ; aucun : les heures de cette embauche ne comptent pas.",
                related_name="+",
                to="partners.eligiblecategory",
                verbose_name="publics éligibles retenus à l'embauche",
            ),
        ),
        migrations.AddField(
            model_name="hiring",
            name="checked_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="vérifiée par",
            ),
        ),
        migrations.AddField(
            model_name="hiring",
            name="company",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="partners.organisation",
                verbose_name="entreprise qui embauche",
            ),
        ),
        migrations.AddField(
            model_name="hiring",
            name="participant",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="hirings",
                to="partners.participant",
                verbose_name="participant",
            ),
        ),
        migrations.AddField(
            model_name="hiring",
            name="territory",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="territories.territory",
                verbose_name="territoire",
            ),
        ),
        migrations.AddField(
            model_name="historicalrealisedhours",
            name="hiring",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="L'embauche en vigueur ce mois-là, qui juge l'éligibilité ; aucune : éligibilité à vérifier.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="followup.hiring",
                verbose_name="embauche",
            ),
        ),
        migrations.AddField(
            model_name="realisedhours",
            name="hiring",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="L'embauche en vigueur ce mois-là, qui juge l'éligibilité ; aucune : éligibilité à vérifier.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="hours_lines",
                to="followup.hiring",
                verbose_name="embauche",
            ),
        ),
        migrations.AddIndex(
            model_name="realisedhours",
            index=models.Index(
                condition=models.Q(("hiring__isnull", True)), fields=["consideration"], name="hours_to_check_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="realisedhours",
            index=models.Index(fields=["hiring"], name="hours_hiring_idx"),
        ),
        migrations.AddField(
            model_name="historicalhiring",
            name="checked_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="vérifiée par",
            ),
        ),
        migrations.AddField(
            model_name="historicalhiring",
            name="company",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partners.organisation",
                verbose_name="entreprise qui embauche",
            ),
        ),
        migrations.AddField(
            model_name="historicalhiring",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="historicalhiring",
            name="participant",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partners.participant",
                verbose_name="participant",
            ),
        ),
        migrations.AddField(
            model_name="historicalhiring_categories",
            name="eligiblecategory",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_tablespace="",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partners.eligiblecategory",
            ),
        ),
        migrations.AddField(
            model_name="historicalhiring_categories",
            name="hiring",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_tablespace="",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="followup.hiring",
            ),
        ),
        migrations.AddField(
            model_name="historicalhiring_categories",
            name="history",
            field=models.ForeignKey(
                db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to="followup.historicalhiring"
            ),
        ),
        migrations.AddConstraint(
            model_name="hiring",
            constraint=models.UniqueConstraint(
                fields=("participant", "company", "hired_on"),
                name="unique_hiring",
                violation_error_message="Cette embauche est déjà enregistrée.",
            ),
        ),
        migrations.AddConstraint(
            model_name="hiring",
            constraint=models.CheckConstraint(
                condition=models.Q(("proof_kind", "reprise"), ("proof_date__isnull", False), _connector="OR"),
                name="hiring_proof_dated",
                violation_error_message="La pièce justificative est datée.",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="hiring",
            trigger=pgtrigger.compiler.Trigger(
                name="territory_from_parent",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="NEW.territory_id := (SELECT territory_id FROM partners_participant WHERE id = NEW.participant_id); IF TG_OP = 'UPDATE' AND NEW.territory_id IS DISTINCT FROM OLD.territory_id THEN RAISE EXCEPTION 'Une ligne de % ne change pas de territoire.', TG_TABLE_NAME USING ERRCODE = 'check_violation'; END IF; RETURN NEW;",
                    hash="b5afb6eb00513684b14cafcec022251266f5ae31",
                    operation="INSERT OR UPDATE",
                    pgid="pgtrigger_territory_from_parent_b775d",
                    table="followup_hiring",
                    when="BEFORE",
                ),
            ),
        ),
        RowSecurity("followup_hiring", of_territory()),
        RowSecurity("followup_hiring_categories", of_parent("hiring_id", "followup_hiring")),
        RowSecurity("followup_historicalhiring", of_parent("participant_id", "partners_participant")),
        RowSecurity(
            "followup_historicalhiring_categories",
            "history_id IN (SELECT history_id FROM followup_historicalhiring)",
        ),
    ]
