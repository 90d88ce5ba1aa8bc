"""Keeps Participant.category_bits current when an eligible public is deleted (with its list, in the admin…): the
links go with it, without m2m_changed, and its bit may later go to another label."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from partners.models import Participant

from .models import EligibleCategory


@receiver(post_delete, sender=EligibleCategory)
def eligible_public_deleted(sender, instance, **kwargs):
    if instance.bit is not None:
        Participant.objects.having_bit(instance.bit).refresh_category_bits()
