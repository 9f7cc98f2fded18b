from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts.views import login as login_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("tilgaengelighed/", views.accessibility_statement, name="accessibility_statement"),
    path(
        "tilgaengelighed/<int:organisation>/",
        views.accessibility_statement,
        name="organisation_accessibility",
    ),
    path("privatliv/", views.privacy_notice, name="privacy_notice"),
    path("privatliv/<int:organisation>/", views.privacy_notice, name="organisation_privacy"),
    path("organisationer/<int:pk>/logo/", views.organisation_logo, name="organisation_logo"),
    path("soeg/", views.search_results, name="search"),
    path("konto/login/", login_views.login, name="login"),
    path("konto/logout/", login_views.logout, name="logout"),
    # Django's, limited per e-mail address and client (the rest of django.contrib.auth.urls as it is).
    path("konto/password_reset/", login_views.password_reset, name="password_reset"),
    path("konto/", include("django.contrib.auth.urls")),
    path("sprog/", login_not_required(set_language), name="set_language"),
    path("", include("volunteers.urls")),
    path("", include("meetings.urls")),
    path("", include("agreements.urls")),
    path("", include("strategies.urls")),
    path("", include("evaluation.urls")),
    path("", include("documents.urls")),
    path("", include("accounts.urls")),
    path("", include("administration.urls")),
    path("admin/", admin.site.urls),
]

# A database or Redis outage outside a view answers 503 with the Danish page; anything else the 500 page.
handler500 = "core.middleware.server_error"
