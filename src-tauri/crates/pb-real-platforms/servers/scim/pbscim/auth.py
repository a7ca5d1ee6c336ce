"""Bearer-token authentication: the one thing django-scim2 leaves to the project.

django-scim2 answers 401 to any request whose `request.user` is not
authenticated, so this middleware only decides who the caller is: the SCIM
client when `Authorization: Bearer <PB_SCIM_TOKEN>` matches, anonymous otherwise.
"""
import hmac
import os

from django.contrib.auth.models import AnonymousUser


class ScimClient:
    """The provisioning client: authenticated, and not a row in the user table."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    username = "pb-scim-client"


class BearerTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.expected = ("Bearer " + os.environ["PB_SCIM_TOKEN"]).encode()

    def __call__(self, request):
        sent = request.META.get("HTTP_AUTHORIZATION", "").encode()
        ok = hmac.compare_digest(sent, self.expected)
        request.user = ScimClient() if ok else AnonymousUser()
        return self.get_response(request)
