import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "x" * 16)
    client.force_login(user)
    return client


def png_bytes(size=(4, 4)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def add_image(client, name, content, content_type):
    return client.post(
        "/admin/images/add/",
        {
            "title": name,
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


def add_document(client, name, content, content_type):
    return client.post(
        "/admin/documents/add/",
        {
            "title": name,
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


def test_a_png_image_is_accepted(admin_client):
    add_image(admin_client, "ok.png", png_bytes(), "image/png")

    assert get_image_model().objects.filter(title="ok.png").exists()


def test_an_svg_image_is_refused(admin_client):
    response = add_image(admin_client, "evil.svg", SVG, "image/svg+xml")

    assert response.status_code == 200  # the form again, with an error
    assert not get_image_model().objects.exists()


def test_an_image_over_the_size_limit_is_refused(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    response = add_image(admin_client, "big.png", png_bytes((200, 200)), "image/png")

    assert response.status_code == 200
    assert not get_image_model().objects.exists()


def test_a_pdf_document_is_accepted(admin_client):
    add_document(admin_client, "plan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")

    assert get_document_model().objects.filter(title="plan.pdf").exists()


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("evil.svg", "image/svg+xml"), ("page.html", "text/html"), ("run.exe", "application/x")],
)
def test_scriptable_and_unknown_document_types_are_refused(admin_client, name, content_type):
    response = add_document(admin_client, name, SVG, content_type)

    assert response.status_code == 200
    assert not get_document_model().objects.exists()


def test_a_document_over_the_size_limit_is_refused(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100
    response = add_document(admin_client, "big.pdf", b"%PDF-1.4\n" + b"x" * 500, "application/pdf")

    assert response.status_code == 200
    assert not get_document_model().objects.exists()


def test_documents_other_than_pdf_are_downloaded_not_shown_inline(admin_client):
    add_document(admin_client, "list.txt", b"hello", "text/plain")
    document = get_document_model().objects.get()

    response = admin_client.get(document.url)
    response.close()

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_rich_text_from_the_editor_drops_scripts_and_event_handlers():
    converter = ContentstateConverter(features=["bold", "italic", "link", "ol", "ul"])
    dirty = (
        '<p onclick="steal()">Hi <b>there</b></p>'
        "<script>alert(1)</script><img src=x onerror=alert(2)>"
    )

    stored = converter.to_database_format(converter.from_database_format(dirty))

    assert "<b>there</b>" in stored
    assert "<script" not in stored
    assert "<img" not in stored  # images are not an enabled feature here
    assert "onclick" not in stored
    assert "onerror" not in stored
