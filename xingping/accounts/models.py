"""Staff accounts (R1.2). Custom user from the first migration; a user belongs to a unit
and holds roles. What a role may see and do is decided in `xingping.orgs.policy`."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    OFFICE = "office", _("Campaign office")  # 行评办: runs the campaign, sees all
    LEADER = "leader", _("Unit leader")  # 一把手 / 分管领导: approves and submits
    STAFF = "staff", _("Unit staff")  # 干部职工: records their own work
    INSPECTOR = "inspector", _("Discipline inspector")  # 纪检: read-only across its area
    AUDITOR = "auditor", _("Auditor")  # read-only, everything


class User(AbstractUser):
    unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    roles = models.CharField(
        _("roles"), max_length=100, blank=True, help_text=_("Role codes separated by ';'.")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    title = models.CharField(pgettext_lazy("job", "title"), max_length=100, blank=True)
    # When the password was last set (expiry under the dengbao profile counts from here;
    # empty for accounts older than this field: they count from date_joined).
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    # Raised to end every session of the account at once (disabled, signed out everywhere):
    # it is part of the session hash, like the password.
    session_generation = models.PositiveIntegerField(_("session generation"), default=0)
    # The language the user chose with the switch; empty: the site's language (zh-hans).
    # Read by core.middleware.LanguageMiddleware through `request.user.language` only.
    language = models.CharField(_("language"), max_length=10, blank=True, default="")

    objects = UserManager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        indexes = [models.Index(fields=["unit"])]

    def __str__(self):
        full = f"{self.last_name}{self.first_name}".strip()
        return full or self.username

    @property
    def display_name(self):
        return str(self)

    @cached_property
    def role_set(self):
        return frozenset(r for r in self.roles.split(";") if r)

    def has_role(self, *roles):
        return bool(self.role_set.intersection(roles)) or (self.is_superuser and Role.OFFICE in roles)

    @property
    def is_office(self):
        return self.has_role(Role.OFFICE)

    def role_labels(self):
        labels = dict(Role.choices)
        return [labels.get(r, r) for r in sorted(self.role_set)]

    def _get_session_auth_hash(self, secret=None):
        from django.utils.crypto import salted_hmac

        if not self.session_generation:  # unchanged from Django's: sessions survive the upgrade
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "xingping.accounts.User.session_auth_hash", f"{self.password}:{self.session_generation}",
            secret=secret, algorithm="sha256",
        ).hexdigest()

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def set_roles(self, roles):
        self.roles = ";".join(sorted({r for r in roles if r}))
        self.__dict__.pop("role_set", None)


class PasswordHistory(models.Model):
    """A password hash an account used before (等保: no reuse of the last N passwords)."""

    user = models.ForeignKey(User, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(_("password"), max_length=128)
    created_at = models.DateTimeField(_("replaced at"), default=timezone.now)

    class Meta:
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d}"
