"""Template tags that read participation and surveys for the site's templates."""

from django import template

from participation.selectors import event_list_split

register = template.Library()


@register.simple_tag
def events_by_time(series_list, standalone_events):
    """`{% events_by_time series_list standalone_events as events %}`: upcoming and past."""
    return event_list_split(series_list=series_list, standalone=standalone_events)
