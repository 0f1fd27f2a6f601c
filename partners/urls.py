from rest_framework.routers import DefaultRouter

from partners import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("institutions", api.InstitutionViewSet)
router.register("units", api.UnitViewSet)
router.register("contacts", api.ContactViewSet)

urlpatterns = router.urls
