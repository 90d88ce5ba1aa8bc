from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_access import RoleAccessMixin

from .models import (
    ClimateExemption,
    Consideration,
    Dismissal,
    EuThreshold,
    LegalBasisReference,
    ModalityConversion,
    PnadTarget,
    TradeLabourShare,
)


@admin.register(TradeLabourShare)
class TradeLabourShareAdmin(RoleAccessMixin, admin.ModelAdmin):
    list_display = ("name", "cpv_prefix", "labour_share")
    search_fields = ("name", "cpv_prefix")


@admin.register(ModalityConversion)
class ModalityConversionAdmin(RoleAccessMixin, admin.ModelAdmin):
    list_display = ("modality", "hours_per_hour")


@admin.register(LegalBasisReference)
class LegalBasisReferenceAdmin(RoleAccessMixin, admin.ModelAdmin):
    list_display = ("legal_basis", "satisfies_climate_obligation")
    list_editable = ("satisfies_climate_obligation",)


@admin.register(EuThreshold)
class EuThresholdAdmin(RoleAccessMixin, admin.ModelAdmin):
    """The national thresholds, one row per period, purchase kind and buyer type: the platform admin adds the rows of
    a new period (every two years, from the Commission's delegated regulations); a territory's admin reads them."""

    list_display = ("valid_from", "valid_until", "purchase", "buyer_type", "amount", "source")
    list_filter = ("purchase", "buyer_type", "valid_from")


@admin.register(PnadTarget)
class PnadTargetAdmin(RoleAccessMixin, admin.ModelAdmin):
    list_display = ("year", "target", "perimeter", "source")


@admin.register(Consideration)
class ConsiderationAdmin(RoleAccessMixin, SimpleHistoryAdmin):
    list_display = ("market", "kind", "lot", "legal_basis", "target", "unit", "status")
    list_filter = ("kind", "status", "legal_basis")
    list_select_related = ("market", "lot")
    search_fields = ("market__reference", "market__object")
    raw_id_fields = ("market", "lot", "local_partner")
    filter_horizontal = ("eligible_categories",)


@admin.register(Dismissal)
class DismissalAdmin(RoleAccessMixin, admin.ModelAdmin):
    list_display = ("market", "kind", "reason", "dismissed_by", "dismissed_at")
    list_select_related = ("market", "dismissed_by")
    raw_id_fields = ("market",)


@admin.register(ClimateExemption)
class ClimateExemptionAdmin(RoleAccessMixin, admin.ModelAdmin):
    list_display = ("market", "reason", "recorded_by", "recorded_at")
    list_select_related = ("market", "recorded_by")
    raw_id_fields = ("market",)
