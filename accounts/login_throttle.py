"""Sign-in throttling (django-axes' handler, ``AXES_HANDLER``): failures are counted on the username and the
client's address together (``AXES_LOCKOUT_PARAMETERS``), so an attacker elsewhere cannot lock the account's owner
out, and on the address alone with a higher limit (``LOGIN_ADDRESS_FAILURE_LIMIT``), so one address cannot try
passwords over many usernames. django-axes compares every parameter set to a single limit; this handler adds the
second one."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LevierAxesHandler(AxesDatabaseHandler):
    def address_failures(self, request) -> int:
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def get_failures(self, request, credentials=None) -> int:
        """The failures of the username at this address; the failure limit itself once the address has failed
        LOGIN_ADDRESS_FAILURE_LIMIT times over every username (axes then locks it as it does a username)."""
        failures = super().get_failures(request, credentials)
        if self.address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures
