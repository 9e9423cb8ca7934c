FROM python:3.11-slim-bookworm
# libldap and libsasl2 at run time for python-ldap (LDAP / Active Directory sign-in).
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig gettext \
      libldap-2.5-0 libsasl2-2 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY . .
# python-ldap ships no wheels: it compiles against the OpenLDAP headers, which
# are removed again once it is built. A failed install fails the build.
RUN apt-get update && apt-get install -y --no-install-recommends \
      gcc libc6-dev libldap2-dev libsasl2-dev \
    && pip install --no-cache-dir . \
    && apt-get purge -y --auto-remove gcc libc6-dev libldap2-dev libsasl2-dev \
    && rm -rf /var/lib/apt/lists/*
RUN python manage.py compilemessages --ignore=.venv || true
ENV PYTHONUNBUFFERED=1
