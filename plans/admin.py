from django.contrib import admin

from accounts.admin_access import RoleAccessInlineMixin, RoleAccessMixin

from .models import ActionPlan, PlanAxis, PlanIndicator, PlanLine


class PlanAxisInline(RoleAccessInlineMixin, admin.TabularInline):
    model = PlanAxis
    extra = 0


class PlanLineInline(RoleAccessInlineMixin, admin.TabularInline):
    model = PlanLine
    extra = 0
    autocomplete_fields = ["market"]


class PlanIndicatorInline(RoleAccessInlineMixin, admin.TabularInline):
    model = PlanIndicator
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(RoleAccessMixin, admin.ModelAdmin):
    list_display = ("title", "area", "buyer", "start_date", "end_date", "facilitator")
    list_filter = ("buyer",)
    search_fields = ("title", "area")
    inlines = [PlanAxisInline, PlanLineInline, PlanIndicatorInline]
