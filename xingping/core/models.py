"""What all apps share: the append-only audit log."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditQuerySet(models.QuerySet):
    def for_user(self, user):
        """The rows `user` may see: a thin delegate to `core.audit_access` (per object, by
        the policy of the app that owns it)."""
        from xingping.core.audit_access import visible_events

        return visible_events(user, self)

    def for_object(self, obj):
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def bulk_create(self, objs, *args, **kwargs):
        """Each row is chained to the one before it, so rows are appended one by one."""
        from django.db import transaction

        objs = list(objs)
        with transaction.atomic(using=self.db):
            for obj in objs:
                obj.save(using=self.db)
        return objs

    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """One create, update, delete or state change made through a service (append-only).

    Append-only in the database too: triggers refuse UPDATE and DELETE (migration 0002).
    Each row carries `row_hash` = SHA-256 over its fields and `prev_hash`, the previous
    row's `row_hash`, so `xingping audit verify` finds a row changed, inserted or removed
    outside the app (core.audit.chain). The unique `prev_hash` makes a forked chain impossible.
    """

    # Set by core.audit.record before hashing (auto_now_add would set it after).
    at = models.DateTimeField(_("time (UTC)"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200)
    unit = models.ForeignKey(
        # PROTECT, not SET_NULL: clearing the unit would UPDATE audit rows, which the
        # database refuses; a unit with audit history is kept.
        "orgs.OrgUnit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    old = models.JSONField(_("old values"), null=True, blank=True, encoder=DjangoJSONEncoder)
    new = models.JSONField(_("new values"), null=True, blank=True, encoder=DjangoJSONEncoder)
    note = models.TextField(_("note"), blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    row_hash = models.CharField(_("row hash"), max_length=64, blank=True, editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        constraints = [
            # Two writers that read the same chain head cannot both append (no fork).
            models.UniqueConstraint(fields=["prev_hash"], name="core_auditevent_prev_hash_unique"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        if not self.row_hash:  # written directly (objects.create): chain it first
            from xingping.core import audit_chain

            audit_chain.append(self, using=kwargs.get("using") or self._state.db or "default")
            return
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")
