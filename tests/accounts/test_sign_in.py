from __future__ import annotations

from tests.conftest import csrf_token_from
from tests.factories import make_user


def test_sign_in_with_wrong_password_does_not_say_which_part_was_wrong(client, sign_in):
    make_user("someone@example.org")

    wrong_password = sign_in("someone@example.org", "not the password")
    no_account = sign_in("nobody@example.org", "not the password")

    assert wrong_password.status_code == no_account.status_code == 422
    message = "That email address and password do not match an account."
    assert message in wrong_password.text and message in no_account.text


def test_next_only_follows_paths_on_this_site(client):
    make_user("someone@example.org", organiser=True)
    for target, expected in [
        ("/organise/", "/organise/"),
        ("https://evil.example/", "/organise/"),
        ("//evil.example/", "/organise/"),
        ("/\\evil.example", "/organise/"),
    ]:
        page = client.get("/account/sign-in", query_string={"next": target})
        response = client.post(
            "/account/sign-in",
            query_string={"next": target},
            data={
                "email": "someone@example.org",
                "password": "correct horse battery",
                "csrf_token": csrf_token_from(page.text),
            },
        )
        assert response.status_code == 302
        assert response.location == expected
        client.post("/account/sign-out", data={"csrf_token": csrf_token_from(client.get("/").text)})


def test_create_organiser_command(runner, client, sign_in):
    result = runner.invoke(
        args=["create-organiser", "New@Example.org", "--password", "a long password"]
    )
    assert result.exit_code == 0, result.output
    assert "Created organiser new@example.org." in result.output
    assert sign_in("new@example.org", "a long password").status_code == 302

    generated = runner.invoke(args=["create-organiser", "other@example.org"])
    assert "Password: " in generated.output

    bad = runner.invoke(args=["create-organiser", "not-an-email"])
    assert bad.exit_code != 0

    weak = runner.invoke(args=["create-organiser", "weak@example.org", "--password", "password123"])
    assert weak.exit_code != 0
    assert "most commonly used passwords" in weak.output
