def series_list_for_page(*, page):
    """Event series linked to a project page (filled in by the participation app)."""
    return []
