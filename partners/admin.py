from django.contrib import admin

from .models import Contact, Organisation


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "siret", "commune")
    list_filter = ("kind", "buyer_category", "structure_kind", "partner_kind")
    search_fields = ("search_name", "name", "siret")
    inlines = [ContactInline]
