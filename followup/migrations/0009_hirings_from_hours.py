"""The hirings behind the hours lines already there: one per participant and company with lines, dated from the
first month of its lines, with the publics the participant has today (what the lines were judged by until now), the
proof « non renseigné (reprise des données) » and no checker; then each line points to its hiring. No line changes
how it counts: the facilitator completes or corrects these hirings from the participant's page."""

from django.db import migrations, models

HIRINGS = """
INSERT INTO followup_hiring (participant_id, company_id, hired_on, proof_kind, proof_date, checked_at)
SELECT line.participant_id, contractor.organisation_id, MIN(line.month), 'reprise', NULL, now()
FROM clauses_realisedhours line JOIN markets_contractor contractor ON contractor.id = line.contractor_id
GROUP BY 1, 2;
INSERT INTO followup_hiring_categories (hiring_id, eligiblecategory_id)
SELECT hiring.id, category.eligiblecategory_id FROM followup_hiring hiring
JOIN partners_participant_eligible_categories category ON category.participant_id = hiring.participant_id;
UPDATE clauses_realisedhours line SET hiring_id = hiring.id
FROM markets_contractor contractor, followup_hiring hiring
WHERE contractor.id = line.contractor_id AND hiring.participant_id = line.participant_id
AND hiring.company_id = contractor.organisation_id;
SET CONSTRAINTS ALL IMMEDIATE;
"""
NO_HIRINGS = "UPDATE clauses_realisedhours SET hiring_id = NULL; DELETE FROM followup_hiring;"


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0008_hirings"),
        ("clauses", "0023_summaries_hiring"),
        ("markets", "0014_summaries_hiring"),
    ]

    operations = [
        migrations.RunSQL(HIRINGS, NO_HIRINGS),
        # then the database keeps it: hours count only through a hiring
        migrations.AddConstraint(
            model_name="realisedhours",
            constraint=models.CheckConstraint(
                condition=models.Q(eligible=False) | models.Q(hiring__isnull=False),
                name="hours_eligible_by_a_hiring",
                violation_error_message="Des heures ne comptent que par une embauche vérifiée.",
            ),
        ),
    ]
