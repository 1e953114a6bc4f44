import re

from crispy_forms.utils import render_crispy_form
from django import forms
from django.utils import translation

from core.abuse import HoneypotMixin


class SignUpForm(HoneypotMixin, forms.Form):
    name = forms.CharField()


def test_a_person_who_leaves_the_honeypot_empty_gets_through():
    form = SignUpForm(data={"name": "Hanne", "website": ""})

    assert form.is_valid()
    assert not form.honeypot_triggered
    assert "website" not in form.cleaned_data


def test_a_filled_honeypot_makes_the_form_invalid_without_saying_why():
    form = SignUpForm(data={"name": "Bot", "website": "http://spam.example"})

    with translation.override("en"):
        assert not form.is_valid()
        errors = " ".join(form.non_field_errors())
    assert form.honeypot_triggered
    assert "The form could not be sent" in errors
    assert "website" not in errors.lower() and "honeypot" not in errors.lower()


def test_the_honeypot_respects_the_form_prefix():
    form = SignUpForm(data={"s-name": "Bot", "s-website": "x"}, prefix="s")

    assert not form.is_valid()
    assert form.honeypot_triggered


def test_the_honeypot_is_hidden_from_people_and_out_of_the_tab_order():
    with translation.override("en"):
        html = render_crispy_form(SignUpForm())

    wrapper = re.search(
        r'<div class="visually-hidden invisible" aria-hidden="true">(.*?)</div>', html, re.S
    )
    assert wrapper, html
    field = wrapper.group(1)
    assert 'name="website"' in field
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field
    assert '<label for="id_website">Leave this field empty</label>' in field
    # Exactly one label points at it: no visible crispy label beside the hidden one.
    assert html.count('for="id_website"') == 1


def test_the_honeypot_label_is_translated():
    with translation.override("da"):
        html = str(SignUpForm()["website"])

    assert "Lad dette felt være tomt" in html
