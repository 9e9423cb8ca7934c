"""Access-matrix rows for the OpenID Connect addresses (assessments/views/signin.py).

Anyone may start or finish a sign-in, signed in or not: that is what they are
for. With OpenID Connect configured (endpoints set by hand, so that no
request leaves the test), the start sends everyone to the provider and a
callback without a code gets the refusal page; without it both are 404.
"""

from tests.access.matrix import Row, everyone

OIDC = {
    "OIDC_ENABLED": True,
    "OIDC_RP_CLIENT_ID": "competency360",
    "OIDC_RP_CLIENT_SECRET": "matrix-secret",
    "OIDC_DISCOVERY_URL": "",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "http://127.0.0.1:9/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "http://127.0.0.1:9/token",
    "OIDC_OP_JWKS_ENDPOINT": "http://127.0.0.1:9/jwks",
}

ROWS = {
    "oidc_authentication_init": Row(get=everyone(302), post=everyone(405), settings=OIDC),
    "oidc_authentication_callback": Row(get=everyone(403), post=everyone(405), settings=OIDC),
}
