"""Filling in "Share your practice" the way a person does, with a small real PDF to attach."""

PRACTICE_NAME = "Operation Harbour"


def tiny_pdf(text="Operation Harbour business plan"):
    """A valid one-page PDF, with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    document = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(document))
        document += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(document)
    document += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    document += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    document += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref_at,
    )
    return document


def fill_in_practice(page, attachment=None):
    """Answers every required question, and a few optional ones, on the share-practice form."""
    page.get_by_label("Your name", exact=True).fill("Sam Patel")
    page.get_by_label("Your role", exact=True).fill("Detective Inspector, Safeguarding")
    page.get_by_label("Email address", exact=True).fill("sam.patel@example.police.uk")
    page.get_by_label("Police force", exact=True).select_option(label="Dorset Police")
    page.get_by_label("Name of the intervention", exact=True).fill(PRACTICE_NAME)
    page.get_by_label("What it does", exact=True).fill(
        "Youth workers meet young people found carrying knives in custody."
    )
    page.get_by_role("checkbox", name="Prevention:").check()
    themes = page.get_by_role("group", name="Catalogue themes it touches (optional)")
    themes.get_by_role("checkbox", name="Knife crime", exact=True).check()
    page.get_by_label("Who it works with", exact=True).fill("Young people aged 10 to 17")
    page.get_by_label("Youngest age (optional)", exact=True).fill("10")
    page.get_by_label("Oldest age (optional)", exact=True).fill("17")
    page.get_by_label("Where it runs", exact=True).fill("Bournemouth and Poole custody suites")
    page.get_by_role("radio", name="No", exact=True).check()
    page.get_by_label("The VKPP may contact me about this submission", exact=True).check()
    if attachment:
        page.get_by_label("Documents to send (optional)", exact=True).set_input_files(attachment)
