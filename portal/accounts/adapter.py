"""allauth customisation by subclassing its adapter, not by copying its views."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        # Staff who came from the admin go back there through ?next=; everyone else lands on their dashboard.
        return reverse("accounts:dashboard")

    def get_email_verification_redirect_url(self, email_address):
        return reverse("accounts:dashboard")
