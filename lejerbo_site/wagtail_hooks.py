from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem


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
@hooks.register("on_serve_page", order=-1)
def skip_view_restriction_queries(serve):
    """Spare Wagtail's view-restriction check its two queries where none can apply.

    The navigation of the current page-tree version knows every restricted page
    (a privacy change replaces it). The page it clears is named in a context
    variable, so neither another thread nor a later request sees the mark;
    BasePage.get_view_restrictions reads it.
    """

    def inner(page, request, serve_args, serve_kwargs):
        from .navigation import (
            UNRESTRICTED_PAGE,
            navigation_for_request,
            view_restrictions_may_apply,
        )

        may_apply = view_restrictions_may_apply(navigation_for_request(request), page)
        token = UNRESTRICTED_PAGE.set(None if may_apply else page.pk)
        try:
            return serve(page, request, serve_args, serve_kwargs)
        finally:
            UNRESTRICTED_PAGE.reset(token)

    return inner
