"""Pages every audience shares: sign in and out, preferences, and the home that sends people to theirs."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trellis.apps.accounts.selectors import language_choices
from trellis.apps.accounts.services import set_language
from trellis.lib.errors import ServiceError
from trellis.web.components.homes import homes


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["demo_mode"] = settings.DEMO_MODE
        return context


class SignOutView(auth_views.LogoutView):
    pass


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the home of their one audience, or let people with several roles choose."""
    mine = homes(request)
    targets = [
        ("learn:home", mine.learner),
        ("family:home", mine.guardian),
        ("advise:home", mine.advisor or mine.mentor),
        ("teach:home", mine.teacher),
        ("manage:home", mine.school_admin),
    ]
    destinations = [name for name, has in targets if has]
    if not destinations:
        return render(request, "components/no_home.html")
    if len(destinations) == 1:
        return redirect(destinations[0])
    return render(request, "components/choose_home.html")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, get_user_model())
    if request.method == "POST":
        try:
            set_language(user=user, language=request.POST.get("language", ""))
        except ServiceError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Your preferences are saved."))
            return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"languages": language_choices()})
