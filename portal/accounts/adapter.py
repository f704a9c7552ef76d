"""allauth customisation by subclassing its adapter, not by copying its views."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse

from website.core.email import queue_message


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        # Staff who came from the admin go back there through ?next=; everyone else lands on their dashboard.
        return reverse("accounts:dashboard")

    def get_email_verification_redirect_url(self, email_address):
        return reverse("accounts:dashboard")

    def send_mail(self, template_prefix, email, context):
        # allauth's own send_mail, except that the rendered message goes to the task queue: a worker sends it, with
        # retries, so a slow mail server never holds up sign-up (the immediate backend still sends at once).
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        queue_message(self.render_mail(template_prefix, email, ctx))
