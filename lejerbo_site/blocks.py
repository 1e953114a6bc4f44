"""Blocks for page bodies. BodyStreamBlock is the one container every page uses."""

import re

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

# A link typed by an editor leads to a web page, an e-mail or a phone call; never
# to javascript:, data: or anything else a browser would run or open by itself.
SAFE_LINK_SCHEMES = ("http", "https", "mailto", "tel")


def link_is_safe(url: str) -> bool:
    """True for an http(s), mailto or tel address, or a path on this site."""
    # Browsers drop tabs and line breaks inside an address before reading it.
    url = re.sub(r"[\t\n\r]", "", url.strip())
    if url.startswith("/"):
        # "//host" and "/\\host" would leave the site without a scheme.
        return not url.startswith(("//", "/\\"))
    scheme, colon, _rest = url.partition(":")
    return bool(colon) and scheme.lower() in SAFE_LINK_SCHEMES


class CallToActionValue(blocks.StructValue):
    def href(self) -> str:
        """Where the button leads; nothing for an address saved before it was checked."""
        if self.get("page"):
            return self["page"].url or ""
        url = self.get("url") or ""
        return url.strip() if link_is_safe(url) else ""


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        label=_("Heading"), max_length=120, help_text=_("At most 120 characters.")
    )
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading (h2)")), ("h3", _("Sub-heading (h3)"))],
        default="h2",
        label=_("Level"),
        help_text=_("Use h2 for sections and h3 inside a section, so screen readers can navigate."),
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")
        description = _("A section heading.")
        preview_value = {"text": "Mission", "level": "h2"}


class ListBlock(blocks.StructBlock):
    items = blocks.ListBlock(
        blocks.TextBlock(label=_("Item")),
        label=_("Items"),
        help_text=_("One point per item."),
    )
    ordered = blocks.BooleanBlock(
        required=False,
        label=_("Numbered"),
        help_text=_("Number the items when their order matters."),
    )

    class Meta:
        icon = "list-ul"
        template = "blocks/list_block.html"
        label = _("List")
        description = _("A bulleted or numbered list.")
        preview_value = {"items": ["Første punkt", "Andet punkt"], "ordered": False}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(
        required=False, label=_("Attribution"), help_text=_("Who said or wrote it (optional).")
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quote")
        description = _("A highlighted quotation.")
        preview_value = {"text": "Rum for liv", "attribution": "Lejerbo"}


class CallToActionBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        label=_("Text"), required=False, help_text=_("A sentence that leads to the button.")
    )
    label = blocks.CharBlock(
        label=_("Button label"), max_length=60, help_text=_("At most 60 characters.")
    )
    page = blocks.PageChooserBlock(
        required=False, label=_("Page"), help_text=_("Link to a page on this site, or…")
    )
    url = blocks.CharBlock(
        required=False,
        label=_("Address"),
        help_text=_("…an address, such as /survey/kartlegging/ or https://example.org/."),
    )

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose a page or enter an address, not both.")
            raise StructBlockValidationError(
                block_errors={"page": ErrorList([ValidationError(message)])}
            )
        if value.get("url") and not link_is_safe(value["url"]):
            message = _(
                "Enter an address on this site (starting with /) or one starting with "
                "https://, http://, mailto: or tel:."
            )
            raise StructBlockValidationError(
                block_errors={"url": ErrorList([ValidationError(message)])}
            )
        return value

    class Meta:
        icon = "link"
        template = "blocks/call_to_action_block.html"
        value_class = CallToActionValue
        label = _("Call to action")
        description = _("A button that leads the reader on, with an optional sentence.")
        preview_value = {"text": "Vil du deltage?", "label": "Tilmeld dig", "url": "/events/"}


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"],
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        label=_("Paragraph"),
        description=_("Text with simple formatting and links."),
        preview_value="<p>Lejerbo er en almen administrationsorganisation.</p>",
    )
    list = ListBlock()
    quote = QuoteBlock()
    image = ImageBlock(
        icon="image",
        template="blocks/image_block.html",
        label=_("Image"),
        description=_("An image with its alternative text for screen readers."),
    )
    call_to_action = CallToActionBlock()
    profile = SnippetChooserBlock(
        "lejerbo_site.OrganisationProfile",
        icon="group",
        template="blocks/profile_block.html",
        label=_("Organisation profile"),
        description=_("An 'About …' section for one of the organisations."),
    )


class ThemeBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Theme"), max_length=120)
    goals = blocks.ListBlock(
        blocks.TextBlock(label=_("Goal")),
        label=_("Goals"),
        help_text=_("One goal per item, in the order the vision gives them."),
    )

    class Meta:
        icon = "pick"
        template = "blocks/theme_block.html"
        label = _("Theme")
        description = _("A theme of the vision with its goals.")
        preview_value = {"title": "De bedste boligområder", "goals": ["Første mål"]}


class ThemeStreamBlock(blocks.StreamBlock):
    theme = ThemeBlock()


class CoreTaskStreamBlock(blocks.StreamBlock):
    task = blocks.TextBlock(
        label=_("Core task"),
        icon="tick",
        template="blocks/core_task_block.html",
        description=_("One of the organisation's core tasks."),
        preview_value="at skabe god boligkvalitet",
    )
