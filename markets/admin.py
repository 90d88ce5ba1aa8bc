from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_access import RoleAccessInlineMixin, RoleAccessMixin

from .models import Contractor, Lot, Market


class LotInline(RoleAccessInlineMixin, admin.TabularInline):
    model = Lot
    extra = 0


@admin.register(Market)
class MarketAdmin(RoleAccessMixin, SimpleHistoryAdmin):
    list_display = ("reference", "object", "buyer", "nature", "status", "amount")
    list_filter = ("status", "nature", "contract_type", "defence_or_security")
    list_select_related = ("buyer",)
    search_fields = ("reference", "object", "buyer__name")
    autocomplete_fields = ("buyer", "facilitator")
    inlines = [LotInline]


@admin.register(Contractor)
class ContractorAdmin(RoleAccessMixin, admin.ModelAdmin):
    list_display = ("organisation", "lot", "role", "amount")
    list_select_related = ("organisation", "lot__market")
    autocomplete_fields = ("organisation",)
