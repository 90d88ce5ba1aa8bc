from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "email", "role", "organisation", "is_active")
    list_filter = ("role", "is_active")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (*BaseUserAdmin.fieldsets, ("Rôle dans Levier", {"fields": ("role", "organisation")}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("Rôle dans Levier", {"fields": ("role", "organisation")}))
