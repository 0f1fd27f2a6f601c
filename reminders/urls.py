from rest_framework.routers import DefaultRouter

from reminders import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("reminders", api.ReminderViewSet, basename="reminder")

urlpatterns = router.urls
