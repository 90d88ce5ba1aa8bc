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
    list_display = ("consideration", "decision", "amount", "decided_by", "decided_at")
    list_filter = ("decision",)
    list_select_related = ("consideration__market", "decided_by")
    raw_id_fields = ("consideration", "decided_by")
