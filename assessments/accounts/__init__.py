"""Local accounts: activation, password reset and change, account status for HR.

- ``tokens``: the activation link's token (its own salt and lifetime, so an
  activation link is never a reset link) and the links in e-mails.
- ``sessions``: the user -> session index and ending a person's other sessions.
- ``status``: ``account_status`` as HR's pages show it.
- ``services``: sending activation and reset links, unlocking, the event trail.
- ``throttle``: how often a reset may be asked for.
- ``validators``: Django's password rules with Thai messages.
"""
