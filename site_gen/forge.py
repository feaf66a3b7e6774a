"""What a forge's API tells a CI job about a change's author: is the author in this team?

``owners-check`` decides from what the job really knows: the author's login (from the event),
and team or group membership where the forge's API answers the job's token. An answer the
token cannot get is *unknown*, never *yes*: the file then needs the approval of someone the
check can name.

* GitHub: a maintainer ``@org/team`` is a team. ``GET /orgs/{org}/teams/{team}`` tells whether
  the token sees the team; ``GET /orgs/{org}/teams/{team}/memberships/{login}`` answers 200
  (``state: active``) for a member and 404 for anyone else. A handle without ``/`` is a user.
* GitLab: ``@group`` and ``@group/subgroup`` may be groups. ``GET /groups/{path}`` tells whether
  the token sees the group; ``GET /users?username={login}`` gives the author's id and
  ``GET /groups/{path}/members/all/{id}`` answers 200 for a member (inherited too), 404 else.

The token comes from the environment (``SITE_GEN_FORGE_TOKEN``), never from the command line.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

FORGES = ("github", "gitlab")
TOKEN_ENV = "SITE_GEN_FORGE_TOKEN"
#: handle → True (a member), False (not one), None (the token cannot tell)
Membership = Callable[[str], "bool | None"]


class ForgeError(Exception):
    """The forge could not be asked (the address is not one, the network is down)."""


def _get(url: str, headers: dict[str, str], timeout: float = 10) -> tuple[int, Any]:
    try:
        request = urllib.request.Request(url, headers=headers)  # ValueError: not an address
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            return response.status, json.loads(body) if body else None
    except urllib.error.HTTPError as exc:
        return exc.code, None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ForgeError(f"از {url} پاسخی نیامد: {exc}") from exc


def membership(forge: str, api: str, login: str, token: str | None) -> Membership:
    """A function that says whether ``login`` is in a team (GitHub) or group (GitLab) handle."""
    api = api.rstrip("/")
    quote = urllib.parse.quote
    login = login.lstrip("@")
    seen: dict[str, bool | None] = {}
    if forge == "github":
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "site-gen"}
        if token:
            headers["Authorization"] = f"Bearer {token}"

        def github(handle: str) -> bool | None:
            org, _, team = handle.lstrip("@").partition("/")
            if not team:
                return False  # a user, not a team
            base = f"{api}/orgs/{quote(org, safe='')}/teams/{quote(team, safe='')}"
            status, _ = _get(base, headers)
            if status != 200:
                return None
            status, body = _get(f"{base}/memberships/{quote(login, safe='')}", headers)
            if status == 200:
                return isinstance(body, dict) and body.get("state") == "active"
            return False if status == 404 else None

        ask = github
    elif forge == "gitlab":
        headers = {"User-Agent": "site-gen"}
        if token:
            headers["PRIVATE-TOKEN" if not token.startswith("job:") else "JOB-TOKEN"] = token.removeprefix("job:")
        user_id: list[int | None] = []

        def author_id() -> int | None:
            if not user_id:
                status, body = _get(f"{api}/users?username={quote(login, safe='')}", headers)
                found = body[0].get("id") if status == 200 and isinstance(body, list) and body and isinstance(body[0], dict) else None
                user_id.append(found if isinstance(found, int) else None)
            return user_id[0]

        def gitlab(handle: str) -> bool | None:
            path = quote(handle.lstrip("@"), safe="")
            status, _ = _get(f"{api}/groups/{path}", headers)
            if status != 200:
                return False if "/" not in handle else None  # @name: a user, or a group the token cannot see
            uid = author_id()
            if uid is None:
                return None
            status, _ = _get(f"{api}/groups/{path}/members/all/{uid}", headers)
            return True if status == 200 else False if status == 404 else None

        ask = gitlab
    else:  # pragma: no cover (click limits the choice)
        raise ForgeError(f"انتظار می‌رفت github یا gitlab، اما «{forge}» آمده است")

    def cached(handle: str) -> bool | None:
        key = handle.casefold()
        if key not in seen:
            seen[key] = ask(handle)
        return seen[key]

    return cached
