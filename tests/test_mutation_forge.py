"""What a forge's API tells owners-check (site_gen/forge.py), against a fake GitHub and GitLab
on 127.0.0.1: which requests are made with which headers, and how each answer is read; an
answer the token cannot get is unknown (None), never yes (docs/mutation.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from browser import local_server

from site_gen.forge import ForgeError, _get, membership


class Fake(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, Any]] = {}
    seen: list[tuple[str, Any]] = []  # (path, the request's headers: case-insensitive)

    def do_GET(self) -> None:
        Fake.seen.append((self.path, self.headers))
        status, body = self.routes.get(self.path, (404, {"message": "Not Found"}))
        data = b"" if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def api() -> Iterator[str]:
    Fake.seen = []
    with local_server(Fake) as base:
        yield base


def paths() -> list[str]:
    return [p for p, _ in Fake.seen]


# --- _get -------------------------------------------------------------------------------------------


def test_get_reads_json_and_status(api: str) -> None:
    Fake.routes = {"/ok": (200, {"a": 1}), "/empty": (200, None), "/gone": (404, {"m": 1}), "/bad": (200, b"not json")}
    assert _get(f"{api}/ok", {"X-T": "v"}) == (200, {"a": 1})
    assert Fake.seen[-1][1]["X-T"] == "v"
    assert _get(f"{api}/empty", {}) == (200, None)
    assert _get(f"{api}/gone", {}) == (404, None)
    with pytest.raises(ForgeError) as exc:
        _get(f"{api}/bad", {})
    assert str(exc.value).startswith(f"از {api}/bad پاسخی نیامد: ")


def test_get_without_a_server() -> None:
    with pytest.raises(ForgeError) as exc:
        _get("http://127.0.0.1:9/x", {}, timeout=2)
    assert "http://127.0.0.1:9/x" in str(exc.value)
    # an address that is not one (--forge-api): a ForgeError with the address, not a traceback
    with pytest.raises(ForgeError) as exc:
        _get("not a url", {})
    assert "not a url" in str(exc.value)


# --- GitHub -----------------------------------------------------------------------------------------


GH = {
    "/orgs/org/teams/team": (200, {"slug": "team"}),
    "/orgs/org/teams/team/memberships/bob": (200, {"state": "active"}),
    "/orgs/org/teams/team/memberships/pat": (200, {"state": "pending"}),
    "/orgs/org/teams/team/memberships/odd": (200, ["active"]),
    "/orgs/org/teams/team/memberships/err": (500, None),
    "/orgs/o%2Fx/teams/t%20y": (200, {}),
    "/orgs/o%2Fx/teams/t%20y/memberships/a%2Fb": (200, {"state": "active"}),
}


def test_github_team_membership(api: str) -> None:
    Fake.routes = GH
    ask = membership("github", api + "/", "@bob", "tok")
    assert ask("@org/team") is True
    assert paths() == ["/orgs/org/teams/team", "/orgs/org/teams/team/memberships/bob"]
    headers = Fake.seen[0][1]
    assert headers["Authorization"] == "Bearer tok"
    assert headers["Accept"] == "application/vnd.github+json"
    assert headers["X-GitHub-Api-Version"] == "2022-11-28"
    assert headers["User-Agent"] == "site-gen"


def test_github_answers(api: str) -> None:
    Fake.routes = GH
    assert membership("github", api, "carol", None)("@org/team") is False  # 404: not a member
    assert Fake.seen[0][1]["Authorization"] is None
    assert membership("github", api, "pat", None)("@org/team") is False  # invited, not active
    assert membership("github", api, "odd", None)("@org/team") is False
    assert membership("github", api, "err", None)("@org/team") is None
    assert membership("github", api, "bob", None)("@org/hidden") is None  # the token cannot see the team
    assert membership("github", api, "bob", None)("@bob") is False  # a user is not a team
    assert membership("github", api, "bob", None)("org") is False


def test_github_quotes_every_part(api: str) -> None:
    Fake.routes = GH
    assert membership("github", api, "a/b", None)("@o/x/t y") is None  # team "x/t y" of org "o"
    Fake.seen = []
    assert membership("github", api, "a/b", None)("o%2Fx/t y") is None
    assert paths()[0] == "/orgs/o%252Fx/teams/t%20y"


def test_answers_are_asked_once_per_handle_whatever_the_case(api: str) -> None:
    Fake.routes = GH
    ask = membership("github", api, "bob", None)
    assert ask("@org/team") is True and ask("@ORG/Team") is True and ask("@org/team") is True
    assert len(Fake.seen) == 2
    assert ask("@org/other") is None and len(Fake.seen) == 3


# --- GitLab -----------------------------------------------------------------------------------------


GL = {
    "/groups/grp%2Fsub": (200, {"id": 3}),
    "/groups/solo": (200, {"id": 4}),
    "/users?username=carol": (200, [{"id": 7, "username": "carol"}]),
    "/users?username=noid": (200, [{"username": "noid"}]),
    "/users?username=strid": (200, [{"id": "7"}]),
    "/users?username=notdict": (200, [7]),
    "/users?username=none": (200, []),
    "/users?username=obj": (200, {"id": 7}),
    "/users?username=a%2Fb": (200, [{"id": 8}]),
    "/groups/grp%2Fsub/members/all/7": (200, {"id": 7}),
    "/groups/solo/members/all/7": (500, None),
    "/groups/grp%2Fsub/members/all/8": (200, {"id": 8}),
}


def test_gitlab_group_membership(api: str) -> None:
    Fake.routes = GL
    ask = membership("gitlab", api, "@carol", "tok")
    assert ask("@grp/sub") is True
    assert paths() == ["/groups/grp%2Fsub", "/users?username=carol", "/groups/grp%2Fsub/members/all/7"]
    assert Fake.seen[0][1]["PRIVATE-TOKEN"] == "tok" and Fake.seen[0][1]["User-Agent"] == "site-gen"
    assert Fake.seen[0][1]["JOB-TOKEN"] is None


def test_gitlab_job_token(api: str) -> None:
    Fake.routes = GL
    membership("gitlab", api, "carol", "job:abc")("@grp/sub")
    assert Fake.seen[0][1]["JOB-TOKEN"] == "abc" and Fake.seen[0][1]["PRIVATE-TOKEN"] is None
    Fake.seen = []
    membership("gitlab", api, "carol", None)("@grp/sub")
    assert Fake.seen[0][1]["JOB-TOKEN"] is None and Fake.seen[0][1]["PRIVATE-TOKEN"] is None


def test_gitlab_answers(api: str) -> None:
    Fake.routes = GL
    assert membership("gitlab", api, "dave", None)("@grp/sub") is None  # no such user: cannot tell
    for login in ("noid", "strid", "notdict", "none", "obj"):
        assert membership("gitlab", api, login, None)("@grp/sub") is None, login
    assert membership("gitlab", api, "carol", None)("@solo") is None  # 500
    assert membership("gitlab", api, "carol", None)("@nobody") is False  # a user, not a group
    assert membership("gitlab", api, "carol", None)("@hidden/group") is None  # a group the token cannot see
    assert membership("gitlab", api, "a/b", None)("@grp/sub") is True


def test_gitlab_not_a_member(api: str) -> None:
    Fake.routes = {**GL, "/groups/grp%2Fsub/members/all/9": (404, None), "/users?username=mallory": (200, [{"id": 9}])}
    assert membership("gitlab", api, "mallory", None)("@grp/sub") is False


def test_gitlab_asks_for_the_author_once(api: str) -> None:
    Fake.routes = {**GL, "/groups/other": (200, {"id": 5}), "/groups/other/members/all/7": (200, {})}
    ask = membership("gitlab", api, "carol", None)
    assert ask("@grp/sub") is True and ask("@other") is True
    assert paths().count("/users?username=carol") == 1
    Fake.seen = []
    ask = membership("gitlab", api, "dave", None)
    assert ask("@grp/sub") is None and ask("@other") is None
    assert paths().count("/users?username=dave") == 1


def test_handles_and_logins_lose_only_their_at_sign(api: str) -> None:
    Fake.routes = {
        "/orgs/Xorg/teams/Xteam": (200, {}),
        "/orgs/Xorg/teams/Xteam/memberships/Xena": (200, {"state": "active"}),
        "/groups/XX": (200, {}),
        "/users?username=Xena": (200, [{"id": 5}]),
        "/groups/XX/members/all/5": (200, {}),
    }
    assert membership("github", api, "@Xena", None)("@Xorg/Xteam") is True
    assert membership("gitlab", api, "@Xena", None)("@XX") is True


def test_a_team_name_with_a_slash_is_one_path_segment(api: str) -> None:
    Fake.routes = {"/orgs/o/teams/x%2Ft": (200, {}), "/orgs/o/teams/x%2Ft/memberships/a%2Fb": (200, {"state": "active"})}
    assert membership("github", api, "a/b", None)("@o/x/t") is True
