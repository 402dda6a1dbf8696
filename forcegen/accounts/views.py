from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forcegen.core.modules import after_switch

from . import services
from .forms import LoginForm, TokenForm
from .middleware import ACTIVE_ORGANISATION_SESSION_KEY
from .models import ApiToken, Membership, User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


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


@login_required
def members(request: HttpRequest) -> HttpResponse:
    queryset = Membership.objects.visible_to(request.user).select_related("user", "role")
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/members.html", {"page": page})


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
