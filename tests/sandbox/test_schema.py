"""Every served operation answers with a body valid against the official spec.

The table below is data: one row per request, with placeholders filled from the
seeded world. Success and error responses (400, 401, 403, 404, 429) are checked
against the spec's schema for that operation and status.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from xkit.sandbox import Sandbox

TWEET_FIELDS = (
    "author_id,created_at,public_metrics,entities,referenced_tweets,attachments,"
    "conversation_id,lang,reply_settings,geo,edit_controls,in_reply_to_user_id,"
    "possibly_sensitive,source,non_public_metrics,organic_metrics"
)
USER_FIELDS = (
    "created_at,description,location,public_metrics,verified,protected,"
    "pinned_tweet_id,url,entities,profile_image_url,verified_type,"
    "most_recent_tweet_id,receives_your_dm"
)
EXPANSIONS = (
    "author_id,referenced_tweets.id,attachments.media_keys,attachments.poll_ids,"
    "geo.place_id,in_reply_to_user_id,entities.mentions.username,"
    "referenced_tweets.id.author_id"
)
MEDIA_FIELDS = (
    "url,width,height,alt_text,duration_ms,preview_image_url,variants,"
    "public_metrics,type,media_key"
)
TF = f"tweet.fields={TWEET_FIELDS}"
UF = f"user.fields={USER_FIELDS}"
EX = f"expansions={EXPANSIONS}"
MF = f"media.fields={MEDIA_FIELDS}"
PF = (
    "poll.fields=duration_minutes,end_datetime,voting_status,options,id"
    "&place.fields=country,country_code,name,place_type,full_name,id"
)
FULL = f"{TF}&{UF}&{EX}&{MF}&{PF}"

# (spec path, method, concrete path, query, body, token, expected status)
ROWS: list[tuple[str, str, str, str, Any, str, int]] = [
    (
        "/2/users/me",
        "GET",
        "/2/users/me",
        f"{UF}&expansions=pinned_tweet_id&{TF}",
        None,
        "user",
        200,
    ),
    ("/2/users/{id}", "GET", "/2/users/{user}", UF, None, "user", 200),
    ("/2/users/{id}", "GET", "/2/users/{missing}", "", None, "user", 200),
    ("/2/users", "GET", "/2/users", "ids={user},{missing}&" + UF, None, "app", 200),
    (
        "/2/users/by/username/{username}",
        "GET",
        "/2/users/by/username/pydata_daily",
        UF,
        None,
        "user",
        200,
    ),
    (
        "/2/users/by",
        "GET",
        "/2/users/by",
        "usernames=xkit_dev,orbit_news,nobody_here",
        None,
        "user",
        200,
    ),
    ("/2/tweets/{id}", "GET", "/2/tweets/{tweet}", FULL, None, "user", 200),
    ("/2/tweets/{id}", "GET", "/2/tweets/{my_tweet}", FULL, None, "user", 200),
    ("/2/tweets/{id}", "GET", "/2/tweets/{missing}", "", None, "app", 200),
    (
        "/2/tweets",
        "GET",
        "/2/tweets",
        "ids={tweet},{poll_tweet},{media_tweet},{missing}&" + FULL,
        None,
        "user",
        200,
    ),
    (
        "/2/tweets",
        "POST",
        "/2/tweets",
        "",
        {"text": "Hello from the schema test #python"},
        "user",
        201,
    ),
    (
        "/2/tweets",
        "POST",
        "/2/tweets",
        "",
        {"text": "A poll", "poll": {"options": ["a", "b"], "duration_minutes": 60}},
        "user",
        201,
    ),
    ("/2/tweets", "POST", "/2/tweets", "", {"text": "x" * 300}, "user", 400),
    ("/2/tweets/{id}", "DELETE", "/2/tweets/{my_tweet}", "", None, "user", 200),
    ("/2/tweets/{id}", "DELETE", "/2/tweets/{tweet}", "", None, "user", 403),
    (
        "/2/tweets/{id}/liking_users",
        "GET",
        "/2/tweets/{liked}/liking_users",
        "max_results=5&" + UF,
        None,
        "user",
        200,
    ),
    (
        "/2/tweets/{id}/retweeted_by",
        "GET",
        "/2/tweets/{retweeted}/retweeted_by",
        UF,
        None,
        "user",
        200,
    ),
    (
        "/2/tweets/{id}/retweets",
        "GET",
        "/2/tweets/{retweeted}/retweets",
        FULL,
        None,
        "user",
        200,
    ),
    (
        "/2/tweets/{id}/quote_tweets",
        "GET",
        "/2/tweets/{quoted}/quote_tweets",
        FULL,
        None,
        "user",
        200,
    ),
    (
        "/2/tweets/analytics",
        "GET",
        "/2/tweets/analytics",
        "ids={my_tweet}&start_time=2026-11-28T00:00:00Z&end_time=2026-11-30T00:00:00Z&granularity=daily&analytics.fields=impressions,likes,id,timestamp",
        None,
        "user",
        200,
    ),
    (
        "/2/tweets/search/recent",
        "GET",
        "/2/tweets/search/recent",
        "query=python&max_results=25&" + FULL,
        None,
        "user",
        200,
    ),
    (
        "/2/tweets/search/recent",
        "GET",
        "/2/tweets/search/recent",
        "query=python%20(",
        None,
        "user",
        400,
    ),
    (
        "/2/tweets/search/recent",
        "GET",
        "/2/tweets/search/recent",
        "query=python&max_results=5",
        None,
        "user",
        400,
    ),
    (
        "/2/tweets/search/all",
        "GET",
        "/2/tweets/search/all",
        "query=climate&max_results=100&" + FULL,
        None,
        "app",
        200,
    ),
    (
        "/2/tweets/search/all",
        "GET",
        "/2/tweets/search/all",
        "query=climate",
        None,
        "user",
        403,
    ),
    (
        "/2/tweets/counts/recent",
        "GET",
        "/2/tweets/counts/recent",
        "query=%23AIagents&granularity=day",
        None,
        "app",
        200,
    ),
    (
        "/2/tweets/counts/all",
        "GET",
        "/2/tweets/counts/all",
        "query=space&granularity=day",
        None,
        "app",
        200,
    ),
    (
        "/2/users/{id}/timelines/reverse_chronological",
        "GET",
        "/2/users/{me}/timelines/reverse_chronological",
        FULL,
        None,
        "user",
        200,
    ),
    (
        "/2/users/{id}/timelines/reverse_chronological",
        "GET",
        "/2/users/{user}/timelines/reverse_chronological",
        "",
        None,
        "user",
        403,
    ),
    (
        "/2/users/{id}/timelines/reverse_chronological",
        "GET",
        "/2/users/{me}/timelines/reverse_chronological",
        "",
        None,
        "app",
        403,
    ),
    ("/2/users/{id}/tweets", "GET", "/2/users/{user}/tweets", FULL, None, "user", 200),
    (
        "/2/users/{id}/liked_tweets",
        "GET",
        "/2/users/{me}/liked_tweets",
        FULL,
        None,
        "user",
        200,
    ),
    (
        "/2/users/{id}/likes",
        "POST",
        "/2/users/{me}/likes",
        "",
        {"tweet_id": "{tweet}"},
        "user",
        200,
    ),
    (
        "/2/users/{id}/likes",
        "POST",
        "/2/users/{user}/likes",
        "",
        {"tweet_id": "{tweet}"},
        "user",
        403,
    ),
    (
        "/2/users/{id}/likes",
        "POST",
        "/2/users/{me}/likes",
        "",
        {"tweet_id": "{tweet}"},
        "readonly",
        403,
    ),
    (
        "/2/users/{id}/likes/{tweet_id}",
        "DELETE",
        "/2/users/{me}/likes/{liked}",
        "",
        None,
        "user",
        200,
    ),
    (
        "/2/users/{id}/retweets",
        "POST",
        "/2/users/{me}/retweets",
        "",
        {"tweet_id": "{tweet}"},
        "user",
        200,
    ),
    (
        "/2/users/{id}/retweets/{source_tweet_id}",
        "DELETE",
        "/2/users/{me}/retweets/{tweet}",
        "",
        None,
        "user",
        200,
    ),
    (
        "/2/users/{id}/followers",
        "GET",
        "/2/users/{me}/followers",
        "max_results=1000&" + UF,
        None,
        "user",
        200,
    ),
    (
        "/2/users/{id}/followers",
        "GET",
        "/2/users/{me}/followers",
        "max_results=1001",
        None,
        "user",
        400,
    ),
    ("/2/users/{id}/following", "GET", "/2/users/{me}/following", UF, None, "app", 200),
    (
        "/2/users/{id}/following",
        "POST",
        "/2/users/{me}/following",
        "",
        {"target_user_id": "{user}"},
        "user",
        200,
    ),
    (
        "/2/users/{source_user_id}/following/{target_user_id}",
        "DELETE",
        "/2/users/{me}/following/{user}",
        "",
        None,
        "user",
        200,
    ),
    (
        "/2/users/{id}/bookmarks",
        "GET",
        "/2/users/{me}/bookmarks",
        FULL,
        None,
        "user",
        200,
    ),
    (
        "/2/users/{id}/bookmarks",
        "POST",
        "/2/users/{me}/bookmarks",
        "",
        {"tweet_id": "{tweet}"},
        "user",
        200,
    ),
    (
        "/2/users/{id}/bookmarks/{tweet_id}",
        "DELETE",
        "/2/users/{me}/bookmarks/{tweet}",
        "",
        None,
        "user",
        200,
    ),
    ("/2/users/{id}/muting", "GET", "/2/users/{me}/muting", UF, None, "user", 200),
    (
        "/2/users/{id}/muting",
        "POST",
        "/2/users/{me}/muting",
        "",
        {"target_user_id": "{user}"},
        "user",
        200,
    ),
    (
        "/2/users/{source_user_id}/muting/{target_user_id}",
        "DELETE",
        "/2/users/{me}/muting/{user}",
        "",
        None,
        "user",
        200,
    ),
    ("/2/users/{id}/blocking", "GET", "/2/users/{me}/blocking", UF, None, "user", 200),
    ("/2/users/me", "GET", "/2/users/me", "", None, "none", 401),
    ("/2/users/me", "GET", "/2/users/me", "", None, "bogus", 401),
    ("/2/users/me", "GET", "/2/users/me", "user.fields=nope", None, "user", 400),
    ("/2/users/me", "GET", "/2/users/me", "", None, "app", 403),
    ("/2/tweets/{id}", "GET", "/2/tweets/abc", "", None, "user", 400),
    (
        "/2/users/{id}/likes",
        "POST",
        "/2/users/{me}/likes",
        "",
        {"tweet_id": "{missing}"},
        "user",
        404,
    ),
]


@pytest.fixture
def ids(sb: Sandbox) -> dict[str, str]:
    world = sb.state
    me = sb.default_user.id
    public = [
        t for t in world.tweets.values() if not world.users[t.author_id].protected
    ]
    others = [t for t in public if t.author_id != me and t.kind == "original"]
    return {
        "me": me,
        "user": sb.user_by_username("pydata_daily").id,
        "missing": "1",
        "tweet": others[-1].id,
        "my_tweet": next(t.id for t in world.tweets_by(me) if t.kind == "original"),
        "liked": world.likes.targets(me)[0],
        "retweeted": next(t.retweeted_tweet_id for t in public if t.retweeted_tweet_id),
        "quoted": next(t.quoted_tweet_id for t in public if t.quoted_tweet_id),
        "poll_tweet": next(t.id for t in public if t.poll_id),
        "media_tweet": next(t.id for t in public if t.media_keys),
    }


@pytest.mark.parametrize(
    ("spec_path", "method", "path", "query", "body", "token", "status"),
    ROWS,
    ids=[f"{r[1]} {r[2]} {r[5]} {r[6]}" for r in ROWS],
)
def test_response_matches_spec(
    run_row: Any,
    ids: dict[str, str],
    spec_path: str,
    method: str,
    path: str,
    query: str,
    body: Any,
    token: str,
    status: int,
) -> None:
    run_row((spec_path, method, path, query, body, token, status), ids)


def test_rate_limited_response_matches_spec(connect: Any, validate: Any) -> None:
    limited = Sandbox(rate_limits={"GET /2/users/me": (1, 60)})
    with connect(limited, limited.issue_token()) as http:
        assert http.get("/2/users/me").status_code == 200
        response = http.get("/2/users/me")
    assert response.status_code == 429
    validate(response, "GET", "/2/users/me")


def test_usage_capped_response_matches_spec(connect: Any, validate: Any) -> None:
    capped = Sandbox(monthly_post_cap=1)
    with connect(capped, capped.issue_app_token()) as http:
        response = http.get("/2/tweets/search/recent", params={"query": "python"})
    assert response.status_code == 429
    assert response.json()["type"] == "https://api.twitter.com/2/problems/usage-capped"
    validate(response, "GET", "/2/tweets/search/recent")


def test_unknown_route_is_a_404_problem(client: httpx.Client) -> None:
    response = client.get("/2/nothing/here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_every_tool_endpoint_in_my_domains_is_routed() -> None:
    from xkit.sandbox._app import ROUTES

    served = {(r.method, r.path) for r in ROUTES}
    for row in ROWS:
        assert (row[1], row[0]) in served
