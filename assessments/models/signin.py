"""Who signs in through a directory (OpenID Connect or LDAP), recorded at sign-in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DirectoryIdentity(models.Model):
    """A person's identity at a directory, bound to their account at first sign-in.

    ``issuer`` is the OpenID issuer or the LDAP server; ``subject`` the OpenID
    ``sub`` or the LDAP entry's DN. Once bound, another subject of the same
    issuer that happens to carry the same e-mail or number is refused: a
    directory where users can edit their own e-mail cannot take over an account.
    Deleting the row (admin) releases the binding.
    """

    class Source(models.TextChoices):
        OIDC = "oidc", _("OpenID Connect")
        LDAP = "ldap", _("LDAP / Active Directory")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_identities"
    )
    source = models.CharField(_("ประเภทไดเรกทอรี"), max_length=10, choices=Source.choices)
    issuer = models.CharField(_("ผู้ให้บริการ"), max_length=300)
    subject = models.CharField(_("ตัวระบุในไดเรกทอรี"), max_length=500)
    first_at = models.DateTimeField(_("เข้าสู่ระบบครั้งแรก"), auto_now_add=True)
    last_at = models.DateTimeField(_("เข้าสู่ระบบล่าสุด"))

    class Meta:
        verbose_name = _("บัญชีในไดเรกทอรี")
        verbose_name_plural = _("บัญชีในไดเรกทอรี")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "issuer", "subject"], name="directoryidentity_unique_subject"
            ),
            models.UniqueConstraint(
                fields=["user", "source", "issuer"], name="directoryidentity_one_per_issuer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.subject}"
