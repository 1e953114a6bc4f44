import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Make sure an admin account exists. Uses DJANGO_SUPERUSER_USERNAME and "
        "DJANGO_SUPERUSER_PASSWORD when set; otherwise creates 'admin' with a generated "
        "password that is printed once."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME") or "admin"
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        user = User.objects.filter(username=username).first()
        if user is not None:
            if password and not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
                self.stdout.write(
                    f"Password of admin account '{username}' set from the environment."
                )
            else:
                self.stdout.write(f"Admin account '{username}' exists.")
            return
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Created admin account '{username}' with password: {password}\n"
                    "It is shown only this once; change it in the admin."
                )
            )
        else:
            self.stdout.write(f"Created admin account '{username}'.")
