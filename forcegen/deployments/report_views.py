"""Report pages: numbers (stock, flow, women vs targets), UN-format contributions, nominal rolls."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
