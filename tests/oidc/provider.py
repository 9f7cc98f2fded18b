"""A real OpenID provider for the single sign-on tests, and the pytest fixtures that run it.

tests/oidc/provider.mjs runs node-oidc-provider (npm oidc-provider 9, a devDependency) with the machine's
``node`` on a free loopback port, with one client for the app (PKCE required) and an RSA key made here.
The app does not talk to it directly: the provider's issuer is the address of a small proxy in this
process, which forwards everything and, when a test sets ``provider.tamper``, replaces the ID token in
the token endpoint's answer by one with a wrong audience or an expiry in the past (re-signed with the
provider's own key) or with a bad signature (signed with another key under the same key id). Everything
else (discovery, keys, codes, PKCE, state, nonce) is the provider's and the app's own doing.

Test modules import the fixtures: ``from tests.oidc.provider import oidc_provider, sign_on  # noqa: F401``.
"""

import base64
import http.client
import json
import re
import shutil
import subprocess  # nosec B404: runs the machine's node on a script of ours
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import RSAKey

from accounts import secrets
from accounts.models import SignOn

SCRIPT = Path(__file__).with_name("provider.mjs")
ROOT = SCRIPT.parents[2]
CLIENT_ID = "frivillig-test"
CLIENT_SECRET = "test-client-secret-7f3a9c"  # nosec B105: the test provider's own
KID = "test-key"
CALLBACK_PATH = "/konto/sso/retur/"
LOGIN_PATH = "/konto/login/"
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade", "te", "trailer"}

#: What the proxy can do to the ID token: None (nothing), "audience", "expired", "signature".
TAMPER_MODES = {"audience", "expired", "signature"}


def _claims(id_token: str) -> dict:
    payload = id_token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


class TestProvider:
    __test__ = False  # not a test class

    def __init__(self, site_url: str):
        self.site_url = site_url.rstrip("/")
        self.client_id = CLIENT_ID
        self.client_secret = CLIENT_SECRET
        self.key = RSAKey.generate_key(2048, parameters={"kid": KID, "use": "sig", "alg": "RS256"})
        self.tamper: str | None = None
        self.browser = requests.Session()
        self.token_responses: list[dict] = []
        self.proxy = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.proxy.server_address[1]}"
        self.backend_port: int | None = None
        self.process: subprocess.Popen | None = None

    # --- Running -------------------------------------------------------------------------------------

    def start(self):
        node = shutil.which("node")
        if node is None:
            pytest.skip("node is not installed")
        config = {
            "issuer": self.issuer,
            "client": {
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "redirect_uris": [self.site_url + CALLBACK_PATH],
                "post_logout_redirect_uris": [self.site_url + LOGIN_PATH],
            },
            "jwk": self.key.as_dict(private=True),
        }
        self.process = subprocess.Popen(  # nosec B603: our script, our arguments
            [node, str(SCRIPT), json.dumps(config)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line and self.process.poll() is not None:
                break
            if match := re.match(r"listening (\d+)", line):
                self.backend_port = int(match.group(1))
                break
        else:
            line = ""
        if self.backend_port is None:
            self.stop()
            raise RuntimeError(f"oidc-provider did not start: {line}")
        # Drain the provider's output (its warnings about development interactions) so it never blocks.
        threading.Thread(target=self.process.stdout.read, daemon=True).start()
        threading.Thread(target=self.proxy.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.proxy.shutdown()
        self.proxy.server_close()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    # --- What a test does with it ------------------------------------------------------------------------

    def sign_on_for(self, organisation, **fields) -> SignOn:
        """The organisation's single sign-on through this provider."""
        return SignOn.objects.create(
            organisation=organisation,
            issuer=self.issuer,
            client_id=self.client_id,
            client_secret_encrypted=secrets.encrypt(self.client_secret),
            **fields,
        )

    def log_in(self, authorization_url: str, login: str) -> str:
        """Go through the provider's login as `login` (an e-mail address, optionally followed by
        " groups=a,b") with a browser-like session; the URL the provider sends the person back to."""
        self.browser = session = requests.Session()
        response = session.get(authorization_url, timeout=10)
        response.raise_for_status()
        found = re.search(r'<form[^>]*action="([^"]+)"', response.text)
        assert found, response.text
        action = found.group(1)
        response = session.post(
            urljoin(response.url, action.replace("&amp;", "&")),
            data={"prompt": "login", "login": login, "password": "any"},
            allow_redirects=False,
            timeout=10,
        )
        for _hop in range(10):
            location = urljoin(response.url, response.headers["Location"])
            if location.startswith(self.site_url + CALLBACK_PATH):
                return location
            response = session.get(location, allow_redirects=False, timeout=10)
        raise AssertionError("the provider never sent the person back")

    def log_out(self, end_session_url: str) -> str:
        """Follow the app's logout to the provider (in the session of the last log_in) and confirm; the
        address the provider sends the person back to."""
        response = self.browser.get(end_session_url, timeout=10)
        assert "Sign out of the test provider" in response.text, response.text
        found = re.search(r'<form[^>]*action="([^"]+)"', response.text)
        assert found, response.text
        form = found.group(1)
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', response.text))
        response = self.browser.post(
            urljoin(response.url, form), data={**fields, "logout": "yes"}, allow_redirects=False, timeout=10
        )
        return urljoin(response.url, response.headers["Location"])

    def forge(self, id_token: str, mode: str) -> str:
        claims = _claims(id_token)
        key = self.key
        if mode == "audience":
            # azp names us, so that only the audience check can tell (Authlib checks azp on its own).
            claims.update(aud="somebody-else", azp=self.client_id)
        elif mode == "expired":
            now = int(time.time())
            claims.update(iat=now - 3600, exp=now - 600)
        elif mode == "signature":
            key = RSAKey.generate_key(2048, parameters={"kid": KID, "use": "sig", "alg": "RS256"})
        return jwt.encode({"alg": "RS256", "kid": KID, "typ": "JWT"}, claims, key)

    # --- The proxy ---------------------------------------------------------------------------------------

    def _handler(self):
        provider = self

        class Forward(BaseHTTPRequestHandler):
            def do_GET(self):
                self._forward()

            def do_POST(self):
                self._forward()

            def log_message(self, format, *args):  # quiet
                pass

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                # The Host header stays the proxy's: the provider builds its URLs from it.
                connection = http.client.HTTPConnection("127.0.0.1", provider.backend_port, timeout=10)
                connection.request(self.command, self.path, body=body, headers=headers)
                answer = connection.getresponse()
                content = answer.read()
                if urlsplit(self.path).path == "/token" and answer.status == 200:
                    content = provider._token_response(content)
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in HOP_BY_HOP | {"content-length"}:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(content)
                connection.close()

        return Forward

    def _token_response(self, content: bytes) -> bytes:
        token = json.loads(content)
        self.token_responses.append(token)
        if self.tamper and "id_token" in token:
            token["id_token"] = self.forge(token["id_token"], self.tamper)
        return json.dumps(token).encode()


@contextmanager
def running_provider(site_url: str):
    provider = TestProvider(site_url).start()
    try:
        yield provider
    finally:
        provider.stop()


@pytest.fixture(scope="session")
def oidc_provider():
    """The provider, for tests with Django's test client (the app at http://testserver)."""
    with running_provider("http://testserver") as provider:
        yield provider


@pytest.fixture
def sign_on(oidc_provider, settings):
    """The provider with the tampering off and the app's SITE_URL where the provider sends people back."""
    settings.SITE_URL = oidc_provider.site_url
    oidc_provider.tamper = None
    yield oidc_provider
    oidc_provider.tamper = None
