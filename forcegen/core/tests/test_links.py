"""Links drawn row by row are what `reverse` gives, whatever the leading arguments and the
script prefix the server is mounted under."""

from django.urls import reverse, set_script_prefix

from forcegen.core.links import path_to


def test_path_to_is_reverse_for_each_leading_argument():
    assert path_to("planning:proposal", 3, 7) == reverse("planning:proposal", args=[3, 7])
    assert path_to("planning:proposal", 4, 7) == reverse("planning:proposal", args=[4, 7])
    assert path_to("personnel:detail", 12) == reverse("personnel:detail", args=[12])


def test_path_to_follows_the_script_prefix():
    set_script_prefix("/forcegen/")
    try:
        assert path_to("personnel:detail", 5) == "/forcegen/personnel/5/"
    finally:
        set_script_prefix("/")
    assert path_to("personnel:detail", 5) == "/personnel/5/"
