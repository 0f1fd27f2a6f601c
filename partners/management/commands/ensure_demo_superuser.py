import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Make sure the demo superuser exists and print its login. The username and password "
        "come from DEMO_SUPERUSER and DEMO_PASSWORD (defaults: admin / international-office). "
        "An existing user's password is never changed, unless it has none (as when "
        "load_demo created it as the owner of the demo data)."
    )

    def handle(self, *args, **options):
        username = os.environ.get("DEMO_SUPERUSER", "admin")
        password = os.environ.get("DEMO_PASSWORD", "international-office")
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            User.objects.create_superuser(username=username, email="", password=password)
            login = f"{username} / {password}"
        elif not user.has_usable_password():
            # Created by load_demo as the owner of the demo data; make it the demo login.
            user.set_password(password)
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["password", "is_staff", "is_superuser"])
            login = f"{username} / {password}"
        else:
            login = f"{username} (exists already; its password was left as it was)"
        self.stdout.write(self.style.SUCCESS(f"Sign in at http://127.0.0.1:8000/admin/ as {login}"))
