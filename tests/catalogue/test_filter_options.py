"""The list's filter checkboxes, as catalogue/templatetags/filter_options.py writes them."""

from django.template import Context, Template

from interventions.filters.options import FacetOption


def render(options, empty=""):
    template = Template(
        '{% load filter_options %}<ul class="options">{% filter_options name options empty %}</ul>'
    )
    return template.render(Context({"name": "theme", "options": options, "empty": empty}))


def test_each_option_is_a_labelled_checkbox_with_its_count_in_words():
    html = render(
        [
            FacetOption("knife-crime", "Knife crime", 1, selected=True),
            FacetOption("robbery", "Robbery", 2, selected=False),
        ]
    )
    assert (
        '<input type="checkbox" name="theme" value="knife-crime" id="theme-knife-crime" checked>'
        in html
    )
    assert (
        '<label for="theme-knife-crime">Knife crime <span class="count">(1<span '
        'class="visually-hidden"> match</span>)</span></label>' in html
    )
    assert 'id="theme-robbery">' in html
    assert '(2<span class="visually-hidden"> matches</span>)' in html


def test_an_option_with_no_entries_is_marked_empty_unless_ticked():
    html = render(
        [
            FacetOption("none-here", "None here", 0, selected=False),
            FacetOption("ticked", "Ticked", 0, selected=True),
        ]
    )
    assert (
        '<li class="option option-empty">\n      '
        '<input type="checkbox" name="theme" value="none-here"' in html
    )
    assert '<li class="option">\n      <input type="checkbox" name="theme" value="ticked"' in html


def test_labels_and_values_are_escaped():
    html = render([FacetOption('"><script>x</script>', "<b>Bold</b> & co", 3, selected=False)])
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html


def test_no_options_shows_the_message_given():
    html = render([], empty="No police force has a matching intervention.")
    assert '<li class="option-none">No police force has a matching intervention.</li>' in html
    assert "checkbox" not in html
