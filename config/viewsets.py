from rest_framework import viewsets


class ServiceViewSet(viewsets.ModelViewSet):
    """A ModelViewSet whose writes go through the app's service functions.

    Subclasses name the services; the serializer only checks types and shapes. After a write the
    record is read back through ``get_queryset()`` so that the response carries the same
    computed fields as the list.
    """

    create_service = None
    update_service = None
    update_argument = ""

    def perform_create(self, serializer):
        instance = self.create_service(**serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=instance.pk)

    def perform_update(self, serializer):
        instance = self.update_service(
            **{self.update_argument: serializer.instance}, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=instance.pk)
