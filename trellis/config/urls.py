from django.urls import include, path

from trellis.api.v1 import api as api_v1
from trellis.web.components import views as shared

urlpatterns = [
    path("", shared.home, name="home"),
    path("account/", include("trellis.web.components.urls")),
    path("learn/", include("trellis.web.learn.urls")),
    path("family/", include("trellis.web.family.urls")),
    path("advise/", include("trellis.web.advise.urls")),
    path("teach/", include("trellis.web.teach.urls")),
    path("manage/", include("trellis.web.manage.urls")),
    path("learners/", include("trellis.web.records.urls")),
    path("api/v1/", api_v1.urls),
]
