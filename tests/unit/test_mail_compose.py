from datetime import UTC, datetime

from tenders.mail.compose import compose


def test_invitation_mail_is_french_with_text_and_html() -> None:
    mail = compose(
        "invitation",
        {
            "full_name": "Nadia <script>",
            "inviter": "Coordination Phare",
            "role_label": "Directeur·rice de structure",
            "organisation_name": "Poinfor",
            "link": "http://x/invitation/abc",
            "expires_at": datetime(2027, 3, 12, 11, tzinfo=UTC),
            "base_url": "http://x",
        },
    )
    assert mail.subject == "Coordination Phare vous invite sur Cordée"
    assert "jusqu'au 12 mars 2027 à 12 h 00" in mail.text
    assert "Nadia <script>" in mail.text
    assert "Nadia &lt;script&gt;" in mail.html
    assert 'lang="fr"' in mail.html
