import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from interventions.models import Intervention, PublicationState
from submissions.models import Submission, SubmissionKind, SubmissionStatus
from tests.submissions.factories import make_submission

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:submissions_submission_changelist")


def change_url(submission):
    return reverse("admin:submissions_submission_change", args=[submission.pk])


def decision(status, notes="", **fields):
    """What the change form posts: the decision fields and the files inline's management form."""
    return {
        "status": status,
        "curator_notes": notes,
        "files-TOTAL_FORMS": "0",
        "files-INITIAL_FORMS": "0",
        **fields,
    }


def run_action(client, submissions):
    return client.post(
        CHANGELIST,
        {
            "action": "create_draft_intervention",
            "_selected_action": [submission.pk for submission in submissions],
        },
        follow=True,
    )


def test_the_queue_lists_status_kind_reference_submitter_and_force(client, curator):
    submission = make_submission(submitter_name="Sam Patel")
    client.force_login(curator)
    content = client.get(CHANGELIST).content.decode()
    for text in [submission.reference, "New", "New practice", "Sam Patel", "Dorset Police"]:
        assert text in content, text


def test_the_queue_filters_by_status_and_searches_by_reference(client, curator):
    waiting = make_submission(intervention_name="Waiting practice")
    declined = make_submission(
        intervention_name="Declined practice", status=SubmissionStatus.DECLINED
    )
    client.force_login(curator)

    filtered = client.get(CHANGELIST, {"status__exact": "declined"}).content.decode()
    assert "Declined practice" in filtered
    assert "Waiting practice" not in filtered

    found = client.get(CHANGELIST, {"q": waiting.reference}).content.decode()
    assert "Waiting practice" in found
    assert declined.reference not in found


def test_the_queue_page_makes_the_same_number_of_queries_for_more_submissions(
    client, curator, django_assert_max_num_queries
):
    client.force_login(curator)
    make_submission()
    with django_assert_max_num_queries(12) as few:
        client.get(CHANGELIST)
    for _ in range(10):
        make_submission(kind=SubmissionKind.CORRECTION)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(CHANGELIST)


def test_changing_the_status_records_who_handled_it_and_when(client, curator):
    submission = make_submission()
    client.force_login(curator)
    before = timezone.now()
    response = client.post(change_url(submission), decision("under-review", "Asked for the plan."))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.UNDER_REVIEW
    assert submission.handled_by == curator
    assert submission.handled_at >= before
    assert submission.curator_notes == "Asked for the plan."


def test_editing_only_the_notes_leaves_the_handler_alone(client, curator):
    submission = make_submission()
    client.force_login(curator)
    response = client.post(change_url(submission), decision("new", "Looks promising."))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.handled_by is None
    assert submission.handled_at is None


def test_curators_cannot_change_what_the_submitter_sent(client, curator):
    submission = make_submission(submitter_name="Sam Patel")
    client.force_login(curator)
    response = client.post(change_url(submission), decision("new", submitter_name="Someone"))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.submitter_name == "Sam Patel"


def test_submissions_cannot_be_added_in_the_admin(client):
    superuser = User.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(superuser)
    assert client.get(reverse("admin:submissions_submission_add")).status_code == 403


def test_hostile_text_is_escaped_in_the_queue_and_the_change_page(client, curator):
    script = "<script>alert('queue')</script>"
    submission = make_submission(
        submitter_name=script,
        intervention_name=script,
        what_it_does=script,
        organisation_name=script,
    )
    client.force_login(curator)
    for url in [CHANGELIST, change_url(submission)]:
        content = client.get(url).content.decode()
        assert script not in content, url
        assert "&lt;script&gt;" in content, url


def test_the_action_creates_a_draft_with_the_fields_mapped(client, curator):
    submission = make_submission(
        intervention_name="Operation Harbour",
        what_it_does="Youth workers meet young people in custody.",
        target_group="Young people aged 10 to 17",
        age_min=10,
        age_max=17,
        running_since=2019,
        purposes=["prevention", "diversion"],
        themes=["knife-crime"],
    )
    client.force_login(curator)
    response = run_action(client, [submission])

    draft = Intervention.objects.get(name="Operation Harbour")
    assert draft.publication_state == PublicationState.DRAFT
    assert draft.published_at is None
    assert draft.slug == "operation-harbour"
    assert draft.summary == "Youth workers meet young people in custody."
    assert draft.target_group == "Young people aged 10 to 17"
    assert (draft.age_min, draft.age_max, draft.start_year) == (10, 17, 2019)
    assert sorted(p.slug for p in draft.purposes.all()) == ["diversion", "prevention"]
    assert [t.slug for t in draft.themes.all()] == ["knife-crime"]
    assert [f.slug for f in draft.forces.all()] == ["dorset"]
    assert not draft.sources.exists()

    submission.refresh_from_db()
    assert submission.created_intervention == draft
    assert submission.status == SubmissionStatus.ACCEPTED
    assert submission.handled_by == curator
    content = response.content.decode()
    assert "Created 1 draft intervention" in content
    assert reverse("admin:interventions_intervention_change", args=[draft.pk]) in content


def test_the_action_warns_when_the_submitter_flagged_sensitive_tactics(client, curator):
    submission = make_submission(
        intervention_name="<b>Operation Covert</b>",
        sensitive_tactics=True,
        sensitive_tactics_note="Covert deployments",
    )
    client.force_login(curator)
    content = run_action(client, [submission]).content.decode()
    assert "Redact before publishing" in content
    assert "&lt;b&gt;Operation Covert&lt;/b&gt;" in content
    assert "<b>Operation Covert</b>" not in content


def test_the_draft_created_by_the_action_stays_off_the_public_site(client, curator):
    submission = make_submission(intervention_name="Operation Not Yet Public")
    client.force_login(curator)
    run_action(client, [submission])
    client.logout()
    draft = Intervention.objects.get(name="Operation Not Yet Public")
    assert client.get(draft.get_absolute_url()).status_code == 404
    for url in [reverse("catalogue:home"), reverse("catalogue:list")]:
        assert "Operation Not Yet Public" not in client.get(url).content.decode()


def test_the_action_gives_a_clashing_name_its_own_address(client, curator):
    Intervention.objects.create(name="Operation Harbour", slug="operation-harbour", summary="x")
    submission = make_submission(intervention_name="Operation Harbour")
    client.force_login(curator)
    run_action(client, [submission])
    submission.refresh_from_db()
    assert submission.created_intervention.slug == "operation-harbour-2"


def test_the_action_skips_corrections_and_practice_already_drafted(
    client, curator, published_entry
):
    correction = make_submission(kind=SubmissionKind.CORRECTION, intervention=published_entry)
    drafted = make_submission()
    client.force_login(curator)
    run_action(client, [drafted])
    count = Intervention.objects.count()

    response = run_action(client, [correction, drafted])
    assert Intervention.objects.count() == count
    content = response.content.decode()
    assert "Skipped" in content
    assert correction.reference in content and drafted.reference in content


def test_the_action_is_offered_only_to_staff_who_may_add_interventions(
    client, staff_without_file_permission
):
    make_submission()
    client.force_login(staff_without_file_permission)
    content = client.get(CHANGELIST).content.decode()
    assert "create_draft_intervention" not in content


def test_files_link_to_the_protected_download_only_for_those_allowed(
    client, curator, staff_without_file_permission, valid_practice
):
    from tests.submissions.documents import pdf_upload

    client.post(reverse("submissions:share"), {**valid_practice, "files": [pdf_upload()]})
    submission = Submission.objects.get(intervention_name="Operation Harbour")
    download = submission.files.get().get_download_url()

    client.force_login(curator)
    assert f'href="{download}"' in client.get(change_url(submission)).content.decode()

    client.force_login(staff_without_file_permission)
    content = client.get(change_url(submission)).content.decode()
    assert "business-plan.pdf" in content
    assert f'href="{download}"' not in content
    assert not re.search(r'href="[^"]*/private/', content)
