from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_access import RoleAccessMixin

from .models import PenaltyDecision, ProgressPlanEntry, RealisedAction, RealisedHours


@admin.register(RealisedHours)
class RealisedHoursAdmin(RoleAccessMixin, SimpleHistoryAdmin):
    list_display = ("consideration", "month", "contractor", "participant", "hours_worked", "counted_hours", "status")
    list_filter = ("status", "eligible", "modality")
    list_select_related = ("consideration__market", "contractor__organisation", "participant")
    raw_id_fields = ("consideration", "contractor", "participant", "validated_by")


@admin.register(RealisedAction)
class RealisedActionAdmin(RoleAccessMixin, SimpleHistoryAdmin):
    list_display = ("consideration", "date", "action_type", "people_reached", "women_reached", "recorded_by")
    list_filter = ("action_type",)
    list_select_related = ("consideration__market", "recorded_by")
    raw_id_fields = ("consideration", "lot", "contractor", "participants", "recorded_by")


@admin.register(ProgressPlanEntry)
class ProgressPlanEntryAdmin(RoleAccessMixin, admin.ModelAdmin):
    list_display = ("consideration", "year", "axis", "evaluation", "evaluated_by")
    list_filter = ("evaluation", "year")
    list_select_related = ("consideration__market", "evaluated_by")
    raw_id_fields = ("consideration", "evaluated_by")


@admin.register(PenaltyDecision)
class PenaltyDecisionAdmin(RoleAccessMixin, SimpleHistoryAdmin):
    list_display = (
        "consideration",
        "notice_date",
        "answer_deadline",
        "answer_date",
        "decision",
        "amount",
        "decided_on",
    )
    list_filter = ("decision", "no_answer", "notice_not_recorded")
    list_select_related = ("consideration__market",)
    raw_id_fields = ("consideration", "notified_by", "answer_recorded_by", "decided_by")
