"""The pages of two-factor authentication: set up an authentication application, then give its code at each
sign-in (accounts.two_factor)."""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp import match_token, user_has_device

from . import two_factor


class CodeForm(forms.Form):
    code = forms.RegexField(
        label="Code à 6 chiffres",
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": "Le code compte 6 chiffres."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text="Celui qu'affiche votre application d'authentification en ce moment.",
    )

    def __init__(self, *args, check=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check
        self.device = None

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        self.device = self.check(code)
        if self.device is None:
            raise forms.ValidationError(
                "Code incorrect ou expiré : saisissez le code affiché maintenant (après plusieurs erreurs, "
                "patientez quelques secondes entre deux essais)."
            )
        return code


class NextMixin:
    def success_url(self) -> str:
        """The page asked before the code (``next``): a path of this site only, else the home page."""
        target = self.request.GET.get("next", "")
        allowed = url_has_allowed_host_and_scheme(target, {self.request.get_host()}, self.request.is_secure())
        return target if target.startswith("/") and allowed else reverse("home")


class TwoFactorVerifyView(NextMixin, FormView):
    """The second step of the sign-in: the code of the user's application."""

    template_name = "registration/two_factor_verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if two_factor.pending(request) != two_factor.VERIFY:
            return HttpResponseRedirect(self.success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "check": lambda code: match_token(self.request.user, code)}

    def form_valid(self, form):
        otp_login(self.request, form.device)
        two_factor.done(self.request)
        return HttpResponseRedirect(self.success_url())


class TwoFactorSetupView(NextMixin, FormView):
    """Set up an authentication application: its secret as a QR code and as text, confirmed by a first code."""

    template_name = "registration/two_factor_setup.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if two_factor.pending(request) == two_factor.VERIFY:
            return redirect(reverse("two_factor_verify"))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        def check(code):
            device = two_factor.setup_device(self.request.user)
            return device if device.verify_token(code) else None

        return {**super().get_form_kwargs(), "check": check}

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = {"active": user_has_device(user, confirmed=True), "required": two_factor.is_required(user)}
        if not context["active"]:
            device = two_factor.setup_device(user)
            uri = device.config_url
            context |= {"secret": two_factor.secret_text(device), "uri": uri, "qr_svg": two_factor.qr_svg(uri)}
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        if user_has_device(request.user, confirmed=True):
            return redirect(reverse("two_factor_setup"))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        device = form.device
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(self.request, device)
        two_factor.done(self.request)
        messages.success(
            self.request,
            "Double authentification activée : le code de votre application sera demandé à chaque connexion.",
        )
        return HttpResponseRedirect(self.success_url())
