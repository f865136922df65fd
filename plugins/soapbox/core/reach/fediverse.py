"""The fediverse and Bluesky: an author's handle, WebFinger and the atproto domain handle.

- `fediverse:creator` (Mastodon's author attribution) names an account as `@user@server`.
- `rel="me"` links let Mastodon verify that the account and the site belong together.
- A static `.well-known/webfinger` answers any lookup with the author's existing account, so a
  search for `@anything@site-domain` finds it (a static host cannot read the `resource` query,
  so one account per site).
- `.well-known/atproto-did` holds the DID that makes the site's domain a Bluesky handle.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_USER = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?$")
_HOST = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_DID_PLC = re.compile(r"^did:plc:[a-z2-7]{24}$")
_DID_WEB = re.compile(r"^did:web:[a-z0-9.-]+(?:%3[aA][0-9]{1,5})?$")


@dataclass(frozen=True, slots=True)
class Account:
    """A fediverse account: `@user@server`."""

    user: str
    server: str

    @property
    def handle(self) -> str:
        return f"@{self.user}@{self.server}"

    @property
    def acct(self) -> str:
        return f"acct:{self.user}@{self.server}"

    @property
    def profile_url(self) -> str:
        """The profile page (Mastodon's, GoToSocial's and most others' convention)."""
        return f"https://{self.server}/@{self.user}"

    @property
    def actor_url(self) -> str:
        """The ActivityPub actor (Mastodon's convention; other servers may differ)."""
        return f"https://{self.server}/users/{self.user}"


def parse_account(value: str) -> tuple[Account | None, str | None]:
    """`@maren@mastodon.example` -> (Account, None); anything else -> (None, what is wrong)."""
    text = value.strip()
    parts = text.removeprefix("@").split("@")
    fix = "write it as '@name@server', e.g. '@maren@mastodon.social'"
    if not text.startswith("@") or len(parts) != 2:
        return None, f"'{value}' is not a fediverse handle; {fix}"
    user, server = parts[0], parts[1].lower()
    if not _USER.match(user):
        return None, f"'{value}': '{user}' is not a valid account name; {fix}"
    if not _HOST.match(server):
        return None, f"'{value}': '{server}' is not a server's domain name; {fix}"
    return Account(user, server), None


def validate_actor_url(value: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or any(c in value for c in " \"'<>"):
        return f"'{value}' is not an https:// URL of the account's ActivityPub actor"
    return None


def validate_did(value: str) -> str | None:
    """None for a `did:plc:` or `did:web:` identifier, else what is wrong."""
    if _DID_PLC.match(value) or _DID_WEB.match(value):
        return None
    return (
        f"'{value}' is not a Bluesky DID; copy it from Bluesky (Settings -> Account -> Handle ->"
        " 'I have my own domain' -> 'No DNS panel'), it looks like 'did:plc:' and 24 letters/digits"
    )


def validate_url(value: str, what: str) -> str | None:
    """None for an absolute http(s) URL, else what is wrong (`what` names what it should be)."""
    parts = urlsplit(value)
    if (
        parts.scheme not in ("https", "http")
        or not parts.netloc
        or any(c in value for c in " \"'<>")
    ):
        return f"'{value}' is not an http(s):// URL of {what}"
    return None


def webfinger(account: Account, *, actor_url: str = "", aliases: tuple[str, ...] = ()) -> str:
    """The JSON Resource Descriptor (RFC 7033) that points lookups at `account`."""
    actor = actor_url or account.actor_url
    document = {
        "subject": account.acct,
        "aliases": list(dict.fromkeys([account.profile_url, actor, *aliases])),
        "links": [
            {
                "rel": "http://webfinger.net/rel/profile-page",
                "type": "text/html",
                "href": account.profile_url,
            },
            {"rel": "self", "type": "application/activity+json", "href": actor},
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def atproto_did(did: str) -> str:
    """The body of `/.well-known/atproto-did`: the DID alone (Bluesky reads it verbatim)."""
    return did.strip()
