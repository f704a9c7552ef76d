"""A call page's requests: whether the member can apply, the form the editor built, apply and withdraw.

The page's routes (recruitment.models.pages) hand each request here with the page; these views never import the
page module back."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.contrib.forms.forms import FormBuilder

from website.core import ratelimit
from website.core.translation import original_page

from . import services
from .models.records import Application


def application_form_class(call):
    return FormBuilder(list(call.questions.all())).get_form_class()


def _answers(call, form):
    return [
        {"question": question.label, "answer": str(form.cleaned_data.get(question.clean_name, ""))[:2000]}
        for question in call.questions.all()
    ]


def call_context(call, request, form=None):
    """Places and the member's application belong to the original call; the form is the one in the shown language."""
    record = original_page(call)
    context = {"accepted": services.accepted_count(record), "is_open": call.is_open()}
    if request.user.is_authenticated:
        context["application"] = Application.objects.filter(call=record, member=request.user).first()
        context["form"] = form or application_form_class(call)()
    return context


@ratelimit.limited("apply")
def apply(request, call):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(call.url, settings.LOGIN_URL)
    form = application_form_class(call)(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the errors below."))
        context = call.get_context(request)
        context.update(call_context(call, request, form=form))
        from django.template.response import TemplateResponse

        return TemplateResponse(request, call.get_template(request), context)
    try:
        services.apply(original_page(call), request.user, _answers(call, form))
    except services.RecruitmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you! The community team will get back to you by e-mail."))
    return redirect(call.url)


def withdraw(request, call):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(call.url, settings.LOGIN_URL)
    try:
        services.withdraw(original_page(call), request.user)
    except services.RecruitmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect(call.url)
