"""Bad requests get the service's own error pages, never a 500: tried against a real
gunicorn with the production settings (DEBUG off, the manifest static storage), as a
deployment runs, rather than through the test client."""

import http.client
import re

import pytest

from tests.workers import gunicorn, prepare, production_env

BOUNDARY = "CompactBoundary"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    env = production_env(tmp)
    prepare(env)
    with gunicorn(env, tmp / "gunicorn.log") as port:
        yield port


def _request(port, method, path, headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(
        method,
        path,
        body=body,
        headers={"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{port}", **(headers or {})},
    )
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    connection.close()
    return response, text


def _title(text) -> str:
    found = re.search(r"<title>(.*?)</title>", text, re.S)
    return found.group(1).strip() if found else text[:200]


def _upload(port, filename):
    """Send the sign-in form, with its security token, as a multipart upload of a file
    with this name."""
    response, page = _request(port, "GET", "/accounts/login/")
    cookie = next(
        value.split(";", 1)[0]
        for key, value in response.getheaders()
        if key.lower() == "set-cookie" and value.startswith("csrftoken=")
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f"{token}\r\n"
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n%PDF-1.4 hello\r\n"
        f"--{BOUNDARY}--\r\n"
    ).encode()
    origin = f"https://127.0.0.1:{port}"
    return _request(
        port,
        "POST",
        "/accounts/login/",
        {
            "Cookie": cookie,
            "Origin": origin,
            "Referer": f"{origin}/accounts/login/",
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        },
        body,
    )


def test_a_host_the_service_does_not_answer_to_gets_our_400(server):
    response, text = _request(server, "GET", "/", {"Host": "evil.example.org"})
    assert response.status == 400
    assert _title(text).startswith("Sorry, the request could not be understood")


@pytest.mark.parametrize("length", [300, 2000, 6000])
def test_a_long_file_name_never_gives_a_500(server, length):
    response, text = _upload(server, "a" * length + ".pdf")
    # A name that fits the multipart limits reaches the form (which shows its errors); one
    # that does not is refused with our 400 page.
    assert response.status in (200, 400)
    if response.status == 400:
        assert _title(text).startswith("Sorry, the request could not be understood")
    else:
        assert "Sign in" in _title(text)


def test_a_stale_form_gets_our_403_and_a_missing_page_our_404(server):
    origin = f"https://127.0.0.1:{server}"
    response, text = _request(
        server,
        "POST",
        "/accounts/login/",
        {
            "Origin": origin,
            "Referer": f"{origin}/accounts/login/",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        b"username=a&password=b",
    )
    assert response.status == 403
    assert _title(text).startswith("Sorry, that form has expired")
    response, text = _request(server, "GET", "/no-such-page/")
    assert response.status == 404
    assert _title(text).startswith("Page not found")
