from rest_framework.routers import DefaultRouter

from agreements import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("agreements", api.AgreementViewSet)
router.register("negotiation-rounds", api.NegotiationRoundViewSet)
router.register("quotas", api.QuotaViewSet)
router.register("awards", api.AwardViewSet)

urlpatterns = router.urls
