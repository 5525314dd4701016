"""Keeps branches.Branch.last_activity_on (see branches/activity_dates.py) in step with the filings:
every save or delete of a filing of a branch recomputes that branch's date — and the former branch's,
when a filing moved. One UPDATE per save of a branch filing; a society-level filing costs nothing."""

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from branches import activity_dates

from .models import Activity


@receiver(post_init, sender=Activity)
def _remember_branch(sender, instance, **kwargs):
    instance._loaded_branch_id = instance.branch_id


@receiver(post_save, sender=Activity)
@receiver(post_delete, sender=Activity)
def _refresh_branch_dates(sender, instance, **kwargs):
    touched = {instance.branch_id, getattr(instance, "_loaded_branch_id", None)} - {None}
    if touched:
        activity_dates.refresh(touched)
    instance._loaded_branch_id = instance.branch_id
