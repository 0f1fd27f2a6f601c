from rest_framework.routers import DefaultRouter

from visits import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("visits", api.VisitViewSet)
router.register("follow-ups", api.FollowUpViewSet)

urlpatterns = router.urls
