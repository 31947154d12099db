import pytest
from django.core.management import call_command
from django.urls import reverse

from interventions.models import Force, SourceDocument
from tests.factories import make_intervention, make_organisation, make_report, make_source
from tests.pages import canonical_of, result_names, text_of, title_of

pytestmark = pytest.mark.django_db

HOME = reverse("catalogue:home")


class TestHome:
    def test_it_says_what_the_catalogue_is_and_how_many_entries_it_holds(self, client):
        make_intervention()
        make_intervention(state="draft")
        text = text_of(client.get(HOME))
        assert "Violence reduction interventions in England and Wales" in text
        assert "The catalogue holds 1 published entry" in text

    def test_it_lists_the_source_documents_entries_come_from(self, client):
        call_command("seed_catalogue", verbosity=0)
        response = client.get(HOME)
        text = text_of(response)
        assert "Where the entries come from" in text
        for source in SourceDocument.objects.public():
            assert source.title in text
            assert source.publisher in text
        # The call for practice is a source too: it names the Think Family Early
        # Intervention Scheme among the examples from the previous call, and gives the
        # programme's funding, each with its section.
        assert "The catalogue draws on 5 source documents" in text
        assert "launched in June 2018 and, when the call was written, funded until March" in text
        assert "identified over 130 practice examples" in text
        assert 'href="/interventions/?source=college-vvcp-interventions"' in (
            response.content.decode()
        )

    def test_source_documents_count_their_published_entries(self, client):
        source = make_source(title="A source")
        make_intervention(sources=[source])
        make_intervention(sources=[source], state="draft")
        assert "1 published entry from this source" in text_of(client.get(HOME))

    def test_it_has_a_search_box_that_searches_the_list(self, client):
        content = client.get(HOME).content.decode()
        assert 'action="/interventions/" method="get" role="search"' in content
        assert '<label for="home-q">Search the catalogue</label>' in content

    def test_themes_regions_and_forces_carry_published_counts(self, client, theme, force):
        make_intervention(themes=[theme("county-lines")], forces=[force("merseyside")])
        make_intervention(
            themes=[theme("county-lines")], forces=[force("merseyside"), force("cumbria")]
        )
        make_intervention(state="draft", themes=[theme("county-lines")], forces=[force("kent")])
        response = client.get(HOME)
        themes = {item.slug: item.entry_count for item in response.context["themes"]}
        regions = {region["value"]: region for region in response.context["regions"]}
        assert themes["county-lines"] == 2
        assert regions["north-west"]["entry_count"] == 2
        assert regions["south-east"]["entry_count"] == 0
        forces = {item.slug: item.entry_count for item in regions["north-west"]["forces"]}
        assert forces["merseyside"] == 2
        assert forces["cumbria"] == 1
        assert sum(len(region["forces"]) for region in regions.values()) == Force.objects.count()
        text = text_of(response)
        assert "County lines (2 published entries)" in text
        assert "North West (2 published entries)" in text

    def test_regions_link_to_their_own_pages(self, client):
        content = client.get(HOME).content.decode()
        assert 'href="/regions/wales/">Wales</a>' in content

    def test_it_links_the_themes_index(self, client):
        content = client.get(HOME).content.decode()
        assert '<a href="/themes/">Every theme and what it covers</a>' in content

    def test_recent_entries_are_the_six_most_recently_updated(self, client):
        entries = [make_intervention(name=f"Entry {number}") for number in range(8)]
        entries[0].save()
        recent = [entry.name for entry in client.get(HOME).context["recent"]]
        assert recent == ["Entry 0", "Entry 7", "Entry 6", "Entry 5", "Entry 4", "Entry 3"]


class TestThemePage:
    def test_it_describes_the_theme_and_lists_its_published_entries(self, client, theme):
        make_intervention(name="Lines work", themes=[theme("county-lines")])
        make_intervention(name="Hidden", themes=[theme("county-lines")], state="in-review")
        response = client.get(reverse("catalogue:theme", args=["county-lines"]))
        assert result_names(response) == ["Lines work"]
        text = text_of(response)
        assert theme("county-lines").description in text
        assert "1 published intervention" in text
        assert 'href="/interventions/?theme=county-lines"' in response.content.decode()

    def test_it_paginates_forgivingly(self, client, theme):
        for number in range(25):
            make_intervention(name=f"Entry {number:02}", themes=[theme("knife-crime")])
        url = reverse("catalogue:theme", args=["knife-crime"])
        second = client.get(url, {"page": "2"})
        assert result_names(second) == [f"Entry {number}" for number in range(20, 25)]
        assert canonical_of(second) == f"http://testserver{url}?page=2"
        assert title_of(second) == "Knife crime: interventions by theme (page 2)"
        wrong = client.get(url, {"page": "lots"})
        assert wrong.status_code == 200
        assert wrong.context["page_obj"].number == 1
        assert (
            "The page number “lots” is not a whole number of at least 1, so page 1 is shown."
            in text_of(wrong)
        )

    def test_a_theme_with_no_entries_says_so(self, client):
        response = client.get(reverse("catalogue:theme", args=["neurodiversity"]))
        assert "No intervention on this theme has been published yet." in text_of(response)


class TestForcePage:
    def test_it_gives_the_region_and_lists_the_forces_published_entries(self, client, force):
        make_intervention(name="Merseyside work", forces=[force("merseyside")])
        make_intervention(name="Draft work", forces=[force("merseyside")], state="draft")
        response = client.get(reverse("catalogue:force", args=["merseyside"]))
        assert result_names(response) == ["Merseyside work"]
        text = text_of(response)
        assert "Region: North West. Country: England." in text
        assert "Nearby forces" in text
        assert "Cheshire Constabulary (0 published entries)" in text
        assert "Every force in North West" in text

    def test_a_force_with_no_entries_says_so_and_invites_practice(self, client):
        response = client.get(reverse("catalogue:force", args=["gwent"]))
        text = text_of(response)
        assert (
            "No intervention led by Gwent Police has been published in the catalogue yet." in text
        )
        assert 'href="/share-practice/"' in response.content.decode()

    def test_a_force_with_only_drafts_is_a_force_with_no_entries(self, client, force):
        make_intervention(forces=[force("gwent")], state="draft")
        response = client.get(reverse("catalogue:force", args=["gwent"]))
        assert 'href="/share-practice/"' in response.content.decode()

    def test_it_lists_partners_based_in_the_force_area_with_published_entries(self, client, force):
        merseyside = force("merseyside")
        unit = make_organisation(name="Merseyside VRP", force_area=merseyside)
        make_organisation(name="Idle partner", force_area=merseyside)
        drafty = make_organisation(name="Draft-only partner", force_area=merseyside)
        make_intervention(partners=[(unit, "lead")])
        make_intervention(partners=[(drafty, "lead")], state="draft")
        text = text_of(client.get(reverse("catalogue:force", args=["merseyside"])))
        assert "Partners based in the Merseyside area Merseyside VRP (1)" in text
        assert "Idle partner" not in text
        assert "Draft-only partner" not in text


class TestOrganisationPage:
    def test_it_lists_published_entries_with_the_organisations_role(self, client, force):
        unit = make_organisation(
            name="Example Violence Reduction Unit",
            short_name="EVRU",
            kind="vru",
            force_area=force("kent"),
            website="https://evru.example.org",
        )
        make_intervention(name="Led here", partners=[(unit, "lead")])
        make_intervention(name="Funded here", partners=[(unit, "funder")])
        make_intervention(name="Draft here", partners=[(unit, "lead")], state="draft")
        response = client.get(unit.get_absolute_url())
        assert result_names(response) == ["Funded here", "Led here"]
        text = text_of(response)
        assert "Example Violence Reduction Unit (EVRU)" in text
        assert "Violence reduction unit or partnership, serving the Kent Police area." in text
        assert "Role here Lead" in text
        assert "Role here Funder" in text
        assert "Draft here" not in text

    def test_an_entry_with_two_roles_is_listed_once_with_both(self, client):
        unit = make_organisation()
        make_intervention(name="Both roles", partners=[(unit, "lead"), (unit, "funder")])
        response = client.get(unit.get_absolute_url())
        assert result_names(response) == ["Both roles"]
        assert "Role here Lead, Funder" in text_of(response)

    def test_it_lists_published_reports_it_evaluated_and_where_to_read_of_them(self, client):
        university = make_organisation(name="University of Example", kind="university")
        entry = make_intervention(name="Evaluated work", slug="evaluated-work")
        draft = make_intervention(name="Draft sibling", state="draft")
        make_report([entry, draft], title="Shared evaluation", slug="shared", evaluator=university)
        make_report([draft], title="Draft-only evaluation", evaluator=university)
        response = client.get(university.get_absolute_url())
        text = text_of(response)
        assert "Shared evaluation" in text
        assert "Draft-only evaluation" not in text
        assert "Draft sibling" not in text
        assert 'href="/interventions/evaluated-work/#report-shared"' in response.content.decode()

    def test_an_organisation_named_by_nothing_published_has_no_page(self, client):
        unit = make_organisation(name="Quiet partner")
        assert client.get(unit.get_absolute_url()).status_code == 404

    def test_a_publisher_that_is_no_entrys_partner_says_so(self, client):
        unit = make_organisation(name="Quiet partner")
        make_report([make_intervention()], publisher=unit)
        text = text_of(client.get(unit.get_absolute_url()))
        assert "No published intervention names Quiet partner as a partner yet." in text


@pytest.mark.parametrize(
    "path", ["/themes/no-such-theme/", "/forces/atlantis/", "/organisations/nobody/"]
)
def test_unknown_browse_pages_are_not_found(client, path):
    assert client.get(path).status_code == 404
