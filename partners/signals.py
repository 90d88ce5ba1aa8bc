"""Keeps Participant.category_bits current when eligible publics are added or removed, from either side (a
participant's form or admin, a category's participants)."""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .models import Participant


@receiver(m2m_changed, sender=Participant.eligible_categories.through)
def eligible_publics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        participants = Participant.objects.filter(pk=instance.pk)
    elif action == "post_clear":  # a category lost all its participants: which they were is no longer known
        participants = Participant.objects.all()
    else:
        participants = Participant.objects.filter(pk__in=pk_set)
    participants.refresh_category_bits()
