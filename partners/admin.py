from django import forms
from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_access import RoleAccessInlineMixin, RoleAccessMixin

from .models import Contact, EligibleCategory, EligibleList, Organisation, Participant


class ContactInline(RoleAccessInlineMixin, admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(RoleAccessMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "siret", "commune")
    list_filter = ("kind", "buyer_category", "structure_kind", "partner_kind")
    search_fields = ("search_name", "name", "siret")
    inlines = [ContactInline]


@admin.register(Participant)
class ParticipantAdmin(RoleAccessMixin, SimpleHistoryAdmin):
    list_display = ("reference", "last_name", "first_name", "sex", "entry_date", "exit_date", "anonymised_at")
    list_filter = ("sex", "exit_outcome", "qpv_resident")
    search_fields = ("reference", "last_name", "first_name")
    raw_id_fields = ("prescriber",)
    filter_horizontal = ("eligible_categories",)


class EligibleCategoryInline(RoleAccessInlineMixin, admin.TabularInline):
    model = EligibleCategory
    extra = 1
    # a checkbox in a table row has no label of its own: named for screen readers (axe: label-title-only)
    formfield_overrides = {
        models.BooleanField: {"widget": forms.CheckboxInput(attrs={"aria-label": "public sensible"})}
    }


@admin.register(EligibleList)
class EligibleListAdmin(RoleAccessMixin, admin.ModelAdmin):
    list_display = ("name", "source", "valid_from", "active")
    list_filter = ("active",)
    inlines = [EligibleCategoryInline]
