def survey_list_for_page(*, page):
    """Open surveys linked to a project page (filled in by the surveys app)."""
    return []


def seminar_invitation_contacts():
    """People who may be invited to the seminars, without anything they answered.

    Returns a list of dicts with "name", "email" and "organisation": the invitation
    recipients who took part and the contacts left on the thank-you page.
    (Filled in by the surveys app.)
    """
    return []
