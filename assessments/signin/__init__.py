"""Signing in through a directory (OpenID Connect, LDAP) and the local-password policy.

Settings: config/settings/signin.py. A directory only vouches for a person the
portal already has: the identity it gives (a claim, an LDAP attribute) is
matched with an existing, active employee (selectors/signin.py), bound to
their account (services/signin.py), and anything else is refused with a page
that says whom to contact. No account is ever created here.
"""
