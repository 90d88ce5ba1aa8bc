"""The summaries' triggers read the hours line's hiring (followup 0008): a line to check is not ineligible."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("clauses", "0022_eu_thresholds"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="consideration",
            name="summaries_after_market_change",
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="consideration",
            trigger=pgtrigger.compiler.Trigger(
                name="summaries_after_market_change",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    declare="DECLARE touched_considerations bigint[]; touched_participants bigint[];",
                    func="touched_considerations := ARRAY(SELECT DISTINCT id FROM (SELECT id FROM (SELECT id, market_id FROM old_rows EXCEPT SELECT id, market_id FROM new_rows) AS before UNION ALL SELECT id FROM (SELECT id, market_id FROM new_rows EXCEPT SELECT id, market_id FROM old_rows) AS after) AS touched(id) WHERE id IS NOT NULL ORDER BY id); PERFORM FROM clauses_consideration WHERE id = ANY(touched_considerations) ORDER BY id FOR NO KEY UPDATE; IF cardinality(touched_considerations) > 0 THEN DELETE FROM clauses_hourssummary WHERE consideration_id = ANY(touched_considerations); INSERT INTO clauses_hourssummary AS summary (consideration_id, market_id, territory_id, organisation_id, year, validated, declared, ineligible_worked) SELECT line.consideration_id, clause.market_id, market.territory_id, contractor.organisation_id, EXTRACT(YEAR FROM line.month), COALESCE(SUM(line.counted_hours) FILTER (WHERE line.eligible AND line.status = 'validee'), 0), COALESCE(SUM(line.counted_hours) FILTER (WHERE line.eligible AND line.status = 'declaree'), 0), COALESCE(SUM(line.hours_worked) FILTER (WHERE NOT line.eligible AND line.hiring_id IS NOT NULL), 0) FROM clauses_realisedhours line JOIN clauses_consideration clause ON clause.id = line.consideration_id JOIN markets_market market ON market.id = clause.market_id JOIN markets_contractor contractor ON contractor.id = line.contractor_id WHERE line.consideration_id = ANY(touched_considerations) GROUP BY 1, 2, 3, 4, 5; DELETE FROM clauses_countedparticipation WHERE consideration_id = ANY(touched_considerations); INSERT INTO clauses_countedparticipation (consideration_id, market_id, territory_id, organisation_id, participant_id, year) SELECT DISTINCT line.consideration_id, clause.market_id, market.territory_id, contractor.organisation_id, line.participant_id, EXTRACT(YEAR FROM line.month) FROM clauses_realisedhours line JOIN clauses_consideration clause ON clause.id = line.consideration_id JOIN markets_market market ON market.id = clause.market_id JOIN markets_contractor contractor ON contractor.id = line.contractor_id WHERE (line.consideration_id = ANY(touched_considerations)) AND line.eligible AND line.status = 'validee'; DELETE FROM clauses_actionsummary WHERE consideration_id = ANY(touched_considerations); INSERT INTO clauses_actionsummary (consideration_id, market_id, territory_id, action_type, count, people_reached, women_reached) SELECT act.consideration_id, clause.market_id, market.territory_id, act.action_type, COUNT(*), SUM(act.people_reached), SUM(act.women_reached) FROM clauses_realisedaction act JOIN clauses_consideration clause ON clause.id = act.consideration_id JOIN markets_market market ON market.id = clause.market_id WHERE act.consideration_id = ANY(touched_considerations) GROUP BY 1, 2, 3, 4; DELETE FROM clauses_realisedfigures WHERE consideration_id = ANY(touched_considerations); INSERT INTO clauses_realisedfigures (consideration_id, territory_id, realised_hours, declared_hours, ineligible_hours, participant_count, action_count, people_reached, women_reached) SELECT clause.id, clause.territory_id, COALESCE(hours.validated, 0), COALESCE(hours.declared, 0), COALESCE(hours.ineligible, 0), COALESCE(people.count, 0), COALESCE(acts.count, 0), COALESCE(acts.people, 0), COALESCE(acts.women, 0) FROM clauses_consideration clause LEFT JOIN (SELECT consideration_id, SUM(validated) AS validated, SUM(declared) AS declared, SUM(ineligible_worked) AS ineligible FROM clauses_hourssummary WHERE consideration_id = ANY(touched_considerations) GROUP BY 1) hours ON hours.consideration_id = clause.id LEFT JOIN (SELECT consideration_id, COUNT(DISTINCT participant_id) AS count FROM clauses_countedparticipation WHERE consideration_id = ANY(touched_considerations) GROUP BY 1) people ON people.consideration_id = clause.id LEFT JOIN (SELECT consideration_id, SUM(count) AS count, SUM(people_reached) AS people, SUM(women_reached) AS women FROM clauses_actionsummary WHERE consideration_id = ANY(touched_considerations) GROUP BY 1) acts ON acts.consideration_id = clause.id WHERE clause.id = ANY(touched_considerations) AND (hours.consideration_id IS NOT NULL OR acts.consideration_id IS NOT NULL); END IF;  RETURN NULL;",
                    hash="435ea5b663b54d0cd2dcef4d0dc53db84fe49726",
                    level="STATEMENT",
                    operation="UPDATE",
                    pgid="pgtrigger_summaries_after_market_change_e7c3c",
                    referencing="REFERENCING OLD TABLE AS old_rows  NEW TABLE AS new_rows ",
                    table="clauses_consideration",
                    when="AFTER",
                ),
            ),
        ),
    ]
