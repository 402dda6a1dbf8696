from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forcegen.core.modules import after_switch
from forcegen.core.registers import register_views

from . import services, two_factor
from .forms import CodeForm, LoginForm, TokenForm
from .middleware import ACTIVE_ORGANISATION_SESSION_KEY
from .models import ApiToken, Membership, User
from .registers import MEMBERS


class LoginView(auth_views.LoginView):
    """The password step; a user with (or required to have) a second factor goes on to it."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if two_factor.is_enrolled(user) or two_factor.is_required(user):
            two_factor.begin(self.request, user, self.get_success_url())
            return redirect("accounts:second_factor")
        return super().form_valid(form)


def second_factor(request: HttpRequest) -> HttpResponse:
    """The code step of the sign-in; refused codes count toward the lock-out."""
    user = two_factor.pending_user(request)
    if user is None:
        return redirect("accounts:login")
    if not two_factor.is_enrolled(user):
        return redirect("accounts:enrol")
    if two_factor.is_locked_out(request, user):
        return render(request, "accounts/locked_out.html", status=429)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify_code(request, user, form.cleaned_data["code"]):
            return redirect(two_factor.finish(request, user))
        form.add_error("code", _("That code is not right. Try the current one."))
    return render(request, "accounts/second_factor.html", {"form": form, "pending": user})


def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator: scan the QR code, confirm with a first code, keep the
    recovery codes. An administrator signing in without one comes here before logging in."""
    pending = two_factor.pending_user(request)
    user = pending or (request.user if isinstance(request.user, User) else None)
    if user is None:
        return redirect("accounts:login")
    if pending is not None and two_factor.is_enrolled(pending):
        return redirect("accounts:second_factor")  # a password alone never replaces a factor
    if pending is not None and two_factor.is_locked_out(request, pending):
        return render(request, "accounts/locked_out.html", status=429)
    device = two_factor.pending_enrolment(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(device=device, code=form.cleaned_data["code"])
        if codes is not None:
            next_url = two_factor.finish(request, user) if pending else "/"
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url}
            )
        if pending is not None:
            two_factor.count_failure(request, pending)
        form.add_error("code", _("That code is not right. Check the time on your phone."))
    context = {
        "form": form,
        "qr_svg": two_factor.qr_svg(device),
        "secret": two_factor.secret_base32(device),
        "required": two_factor.is_required(user),
    }
    return render(request, "accounts/enrol.html", context)


@login_required
def two_factor_settings(request: HttpRequest) -> HttpResponse:
    """Whether the second factor is on, and fresh recovery codes (the old ones stop working)."""
    user = _current_user(request)
    if request.method == "POST" and two_factor.is_enrolled(user):
        codes = two_factor.new_recovery_codes(user)
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/"})
    return render(
        request,
        "accounts/two_factor.html",
        {"enrolled": two_factor.is_enrolled(user), "required": two_factor.is_required(user)},
    )


def _current_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


@login_required
@require_POST
def switch_organisation(request: HttpRequest) -> HttpResponse:
    """Act for another organisation the user belongs to; an unknown choice is a 404."""
    user = _current_user(request)
    chosen = request.POST.get("organisation", "")
    membership = next((m for m in user.membership_choices if m.organisation.code == chosen), None)
    if membership is None:
        raise Http404
    request.session[ACTIVE_ORGANISATION_SESSION_KEY] = membership.organisation_id
    messages.success(
        request, _("You are now working for %(org)s.") % {"org": membership.organisation.name_en}
    )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    return redirect(after_switch(target))


members, members_export = register_views(
    MEMBERS,
    lambda request: Membership.objects.visible_to(request.user).for_list(),
    template="accounts/members.html",
    export="accounts:members_export",
)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens: create one (shown once) or revoke one."""
    user = _current_user(request)
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = services.issue_token(user=user, name=form.cleaned_data["name"])
        form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": ApiToken.objects.visible_to(user), "new_token": new_token},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=token_id)
    services.revoke_token(token=token)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:tokens")
