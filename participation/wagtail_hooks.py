from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_menu_item")
def register_participation_menu_item():
    # Events and sign-ups are managed in Django's admin; staff start from Wagtail.
    return MenuItem(
        _("Meetings and seminars"),
        reverse("admin:app_list", kwargs={"app_label": "participation"}),
        icon_name="date",
        order=900,
    )
