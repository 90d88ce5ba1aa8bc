"""The contracts already notified but still before « attribué » (programmé, en préparation, consultation publiée)
become « attribué » (markets.lifecycle: a notified contract is at least awarded), each with a status change « mise
en cohérence : marché notifié », by no one. Undone from those changes."""

from django.db import migrations

BEFORE_AWARD = "('programme', 'preparation', 'consultation')"
REASON = "mise en cohérence : marché notifié"

FORWARD = f"""
INSERT INTO markets_statuschange (territory_id, market_id, old_status, new_status, changed_by_id, changed_at, reason)
SELECT territory_id, id, status, 'attribue', NULL, now(), '{REASON}'
FROM markets_market WHERE notification_date IS NOT NULL AND status IN {BEFORE_AWARD};
UPDATE markets_market SET status = 'attribue' WHERE notification_date IS NOT NULL AND status IN {BEFORE_AWARD};
"""
BACKWARD = f"""
UPDATE markets_market market SET status = change.old_status FROM markets_statuschange change
WHERE change.market_id = market.id AND change.reason = '{REASON}';
DELETE FROM markets_statuschange WHERE reason = '{REASON}';
"""


class Migration(migrations.Migration):
    dependencies = [("markets", "0017_contractor_history_status_reason")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
