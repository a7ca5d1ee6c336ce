"""The two models django-scim2's default adapters (django_scim.adapters.SCIMUser
and SCIMGroup) expect: Django's own User and Group carry no `scim_id`, which
every SCIM lookup uses, so both get django-scim2's mixins. Nothing else is added.
"""
from django.contrib.auth.models import AbstractUser
from django.db import models
from django_scim.models import AbstractSCIMGroupMixin, AbstractSCIMUserMixin


class Group(AbstractSCIMGroupMixin):
    # As django.contrib.auth.models.Group: a unique name (SCIM displayName).
    name = models.CharField(max_length=150, unique=True)


class User(AbstractSCIMUserMixin, AbstractUser):
    # SCIMUser.groups reads `scim_groups`; SCIMGroup.members reads `user_set`.
    scim_groups = models.ManyToManyField(Group, related_name="user_set", blank=True)
