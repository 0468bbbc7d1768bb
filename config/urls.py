from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from adapters.drf_api.metrics import metrics
from adapters.drf_api.operations import healthz, index, readyz

urlpatterns = [
    path("", index, name="index"),
    re_path(r"^healthz/?$", healthz, name="healthz"),
    re_path(r"^readyz/?$", readyz, name="readyz"),
    re_path(r"^metrics/?$", metrics, name="metrics"),
    path("api/v1/", include("adapters.drf_api.urls")),
    re_path(r"^api/schema/?$", SpectacularAPIView.as_view(), name="schema"),
    re_path(
        r"^api/docs/?$", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"
    ),
    path("admin/", admin.site.urls),
]

handler404 = "adapters.drf_api.operations.not_found"
handler500 = "adapters.drf_api.operations.server_error"
