import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import DisallowedRedirect
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Thai unless the user chose English with the language switch.

    Government PCs often run English-language browsers; the browser's
    Accept-Language must not turn a Thai portal into an English one.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class LongUrlMiddleware:
    """A request whose address is too long to send back in a redirect.

    Django refuses to build a redirect over ``MAX_URL_LENGTH`` (2048) and
    raises ``DisallowedRedirect``: a 500 for the login redirect (``?next=``
    carries the whole path, percent-encoded, so Thai text triples or more) and
    for the trailing-slash redirect. A path over ``URL_MAX_LENGTH`` gets a
    400 at once (a long query string does not: a search box may be long); a
    redirect that still comes out too long goes to the login
    page without ``next`` for an anonymous user, a 400 otherwise.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The path only: a long search typed into a form (the query string)
        # is the page's business; it gets a redirect problem only through
        # process_exception below.
        if len(escape_uri_path(request.path)) > settings.URL_MAX_LENGTH:
            return HttpResponseBadRequest(_("ที่อยู่หน้าเว็บยาวเกินไป"))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DisallowedRedirect):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))
        return HttpResponseBadRequest(_("ที่อยู่หน้าเว็บยาวเกินไป"))


SESSION_STARTED = "_session_started"
SESSION_SEEN = "_session_seen"
# The last-seen time is written at most this often (one session write a minute).
SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """Sign a user out after ``SESSION_IDLE_TIMEOUT_MINUTES`` without a request,
    and ``SESSION_COOKIE_AGE`` seconds after sign-in whatever they do.

    Django's own expiry moves forward with every session write, so the
    absolute lifetime is kept here from the first signed-in request. The
    rating form pings ``session_keepalive`` while someone types, which counts
    as a request. Put after ``MessageMiddleware`` (the login page says why).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    @staticmethod
    def _check(request) -> None:
        now = int(time.time())
        session = request.session
        started = session.get(SESSION_STARTED)
        if started is None:
            # Not recorded yet: the session began at the login (no write on
            # the first request; the start is stored with the first last-seen).
            last_login = request.user.last_login
            started = int(last_login.timestamp()) if last_login else now
        seen = session.get(SESSION_SEEN, started)
        if (now - started >= settings.SESSION_COOKIE_AGE
                or now - seen >= settings.SESSION_IDLE_TIMEOUT_MINUTES * 60):
            logout(request)
            messages.info(request, _("หมดเวลาการใช้งาน โปรดเข้าสู่ระบบอีกครั้ง"))
        elif now - seen >= SEEN_RESOLUTION:
            session[SESSION_STARTED], session[SESSION_SEEN] = started, now


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user.

    Pages, reports, PDFs, exports, the ZIP and the my-data download all hold
    personal data; no browser cache or shared proxy may keep a copy (a shared
    PC, the back button after signing out). Static files are served before
    this, by WhiteNoise, and keep their long cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
