from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app that has demo data contributes a module with a load() function, in dependency order.
DEMO_MODULES = [
    "partners.demo",
    "visits.demo",
    "agreements.demo",
]


class Command(BaseCommand):
    help = (
        "Load the demo data written from the product's stories (institutions, contacts and, as "
        "they exist, agreements and visits). Running it again creates nothing new."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for path in DEMO_MODULES:
                created = import_module(path).load()
                summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
                self.stdout.write(f"{path}: created {summary}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
