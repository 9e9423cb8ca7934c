"""The person's own account pages: set a password from a link, ask for a
reset link, change the password. HR's account pages are in views/hr/accounts.py."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ..accounts.enqueue import password_reset_enqueue
from ..accounts.forms import PasswordChangeForm, PasswordForgotForm, PasswordSetForm
from ..accounts.services import account_password_set
from ..accounts.sessions import user_sessions_end
from ..accounts.throttle import reset_request_allowed
from ..accounts.tokens import activation_token, reset_token
from ..models import Employee


class _LinkPasswordSetView(auth_views.PasswordResetConfirmView):
    """Django's set-password-from-a-link view: the token moves from the URL into
    the session on the first visit (it never sits in the address bar or a
    Referer), the person is signed in once the password is set."""

    form_class = PasswordSetForm
    template_name = "registration/password_set.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    activation = False

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or not user.is_active:
            return None
        if Employee.objects.filter(user=user, is_active=False).exists():
            return None  # deactivated: the link is dead like any other way in
        return user

    def form_valid(self, form):
        had_password = self.user.has_usable_password()
        response = super().form_valid(form)
        account_password_set(user=self.user, had_password=had_password, by_link=True)
        user_sessions_end(user=self.user, keep=self.request.session.session_key)
        messages.success(self.request, _("ตั้งรหัสผ่านเรียบร้อยแล้ว ท่านเข้าสู่ระบบแล้ว"))
        return response

    def get_success_url(self):
        if Employee.objects.filter(user=self.user).exists():
            return reverse("assessments:my_forms")
        return reverse("home")

    def get_context_data(self, **kwargs):
        return super().get_context_data(activation=self.activation, **kwargs)


class ActivateView(_LinkPasswordSetView):
    token_generator = activation_token
    activation = True


class PasswordResetConfirmView(_LinkPasswordSetView):
    token_generator = reset_token


@require_http_methods(["GET", "HEAD", "POST"])
def password_forgot(request):
    """The same answer whether or not the address belongs to anyone: the
    lookup and the mail happen in the worker, after this response."""
    form = PasswordForgotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not reset_request_allowed(request=request, email=email):
            return render(request, "registration/password_forgot.html",
                          {"form": form, "throttled": True}, status=429)
        password_reset_enqueue(email=email)
        return redirect("password_reset_done")
    return render(request, "registration/password_forgot.html", {"form": form})


@require_safe
def password_forgot_done(request):
    return render(request, "registration/password_forgot_done.html", {
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    })


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's password; every other session of the person ends."""

    form_class = PasswordChangeForm
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps this session (update_session_auth_hash)
        ended = user_sessions_end(user=self.request.user,
                                  keep=self.request.session.session_key)
        account_password_set(user=self.request.user, had_password=True, by_link=False)
        messages.success(self.request, _("เปลี่ยนรหัสผ่านเรียบร้อยแล้ว"))
        if ended:
            messages.info(self.request, _("ออกจากระบบบนอุปกรณ์อื่นแล้ว %(n)s แห่ง") % {"n": ended})
        return response
