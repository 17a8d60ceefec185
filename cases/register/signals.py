"""Changes to the register that change what a user's header shows (`workflows.navigation`):
their roles, and the steps they may still see."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_save

from cases.register import rules
from cases.register.models import (
    Compact,
    DataProtectionOfficer,
    JointBodyMember,
    Mediator,
    Membership,
    Organisation,
    Signatory,
)
from workflows import navigation


def _seat_saving(sender, instance, **kwargs):
    # A seat, membership or mediator moved to someone else: its old holder loses it.
    instance._user_before = (
        sender.objects.filter(pk=instance.pk).values_list("user", flat=True).first()
        if instance.pk
        else None
    )


def _seat_changed(sender, instance, **kwargs):
    navigation.forget(instance.user_id, getattr(instance, "_user_before", None))


def _compact_saving(sender, instance, **kwargs):
    # A new Champion's old one loses the role: remember who it was.
    instance._champion_before = (
        Compact.objects.filter(pk=instance.pk).values_list("champion", flat=True).first()
        if instance.pk
        else None
    )


def _compact_saved(sender, instance, **kwargs):
    navigation.forget(instance.champion_id, getattr(instance, "_champion_before", None))
    navigation.forget(
        *JointBodyMember.objects.filter(compact=instance).values_list("user", flat=True)
    )
    navigation.forget(*Mediator.objects.filter(compact=instance).values_list("user", flat=True))


def _compact_deleted(sender, instance, **kwargs):
    navigation.forget(instance.champion_id)


def _organisation_saved(sender, instance, **kwargs):
    navigation.forget(
        *Membership.objects.filter(organisation=instance).values_list("user", flat=True)
    )


def _signatory_changed(sender, instance, **kwargs):
    # The organisation's people have a part in one more (or one fewer) compact.
    _organisation_saved(sender, instance.organisation, **kwargs)


def _user_saved(sender, instance, update_fields=None, **kwargs):
    # Signing in writes only the time of it, which no header or page shows.
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    navigation.forget(instance.pk)


def connect() -> None:
    for model in (JointBodyMember, Mediator, Membership, DataProtectionOfficer):
        pre_save.connect(_seat_saving, sender=model, dispatch_uid=f"nav-{model.__name__}-before")
        post_save.connect(_seat_changed, sender=model, dispatch_uid=f"nav-{model.__name__}")
        post_delete.connect(_seat_changed, sender=model, dispatch_uid=f"nav-{model.__name__}-del")
    post_save.connect(rules.memberships_changed, sender=Membership, dispatch_uid="kept-members")
    post_delete.connect(
        rules.memberships_changed, sender=Membership, dispatch_uid="kept-members-delete"
    )
    pre_save.connect(_compact_saving, sender=Compact, dispatch_uid="nav-compact-before")
    post_save.connect(_compact_saved, sender=Compact, dispatch_uid="nav-compact")
    post_delete.connect(_compact_deleted, sender=Compact, dispatch_uid="nav-compact-delete")
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="nav-organisation")
    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="nav-user")
    post_save.connect(_signatory_changed, sender=Signatory, dispatch_uid="nav-signatory")
    post_delete.connect(_signatory_changed, sender=Signatory, dispatch_uid="nav-signatory-del")
