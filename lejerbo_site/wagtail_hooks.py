from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .caching import page_cache_headers


class StaffMenuItem(MenuItem):
    """A link into the Django admin, shown only to those who may open it."""

    def is_shown(self, request):
        return request.user.is_staff


@hooks.register("register_admin_menu_item")
def register_data_menu():
    # Survey answers and sign-ups are managed in Django's admin; this gives staff one way in.
    menu = Menu(
        items=[
            StaffMenuItem(_("Surveys"), "/django-admin/surveys/", icon_name="form", order=100),
            StaffMenuItem(
                _("Meetings and seminars"),
                "/django-admin/participation/",
                icon_name="date",
                order=200,
            ),
            StaffMenuItem(
                _("All data (Django admin)"), "/django-admin/", icon_name="cogs", order=300
            ),
        ]
    )
    return SubmenuMenuItem(_("Surveys and sign-ups"), menu, icon_name="list-ul", order=250)


# Outermost (order -1): around Wagtail's own view-restriction check.
hooks.register("on_serve_page", page_cache_headers, order=-1)
