"""A phone number on a page is a link a phone calls in one tap."""

from passerelle.web.pages import phone_link


def test_a_french_number_is_called_in_its_international_form_and_shown_as_typed():
    assert phone_link("0612345678") == '<a href="tel:+33612345678">06 12 34 56 78</a>'  # kept as digits
    assert phone_link("+33466123456") == '<a href="tel:+33466123456">+33 4 66 12 34 56</a>'
    assert phone_link("06 12 34 56 78") == '<a href="tel:+33612345678">06 12 34 56 78</a>'


def test_nothing_to_call_is_a_dash_and_nothing_typed_becomes_markup():
    assert phone_link(None) == "—" and phone_link("") == "—"
    assert "&lt;b&gt;" in phone_link("<b>06</b>")
