from django.contrib import admin

from .models import ActionPlan, PlanAxis, PlanIndicator, PlanLine


class PlanAxisInline(admin.TabularInline):
    model = PlanAxis
    extra = 0


class PlanLineInline(admin.TabularInline):
    model = PlanLine
    extra = 0
    autocomplete_fields = ["market"]


class PlanIndicatorInline(admin.TabularInline):
    model = PlanIndicator
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "area", "buyer", "start_date", "end_date", "facilitator")
    list_filter = ("buyer",)
    search_fields = ("title", "area")
    inlines = [PlanAxisInline, PlanLineInline, PlanIndicatorInline]
