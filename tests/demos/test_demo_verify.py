"""Verifications compare with the sandbox as it was before the run: an effect
that was already there (a like from the seed) is no proof the agent did it."""

from __future__ import annotations

import pytest

import xkit
from xkit.demos import USECASES, Baseline, run_demo
from xkit.demos.usecases import monitoring

WRITERS = (
    "publishing",
    "audience-growth",
    "content-monitoring",
    "thread-composer",
    "dm-outreach",
    "list-curation",
    "bookmarking",
    "media-posting",
)


@pytest.mark.parametrize("slug", WRITERS)
def test_effects_present_before_the_run_do_not_verify(slug: str) -> None:
    toolkit = xkit.Toolkit(sandbox=True)
    assert toolkit.sandbox is not None
    report = run_demo(slug, toolkit=toolkit)
    assert report.verification.ok, report.verification.message
    world = toolkit.sandbox.state

    # The same transcript, checked as if everything it did had been there already.
    again = USECASES[slug].verify(world, report.steps, Baseline.of(world))

    assert not again.ok
    assert "before the run" in again.message or "new" in again.message


@pytest.mark.parametrize("slug", ["engagement-tracker", "spaces-discovery"])
def test_read_only_demos_verify_against_any_baseline(slug: str) -> None:
    toolkit = xkit.Toolkit(sandbox=True)
    assert toolkit.sandbox is not None
    report = run_demo(slug, toolkit=toolkit)
    world = toolkit.sandbox.state
    assert USECASES[slug].verify(world, report.steps, Baseline.of(world)).ok


def test_monitoring_skips_posts_liked_before_the_run() -> None:
    toolkit = xkit.Toolkit(sandbox=True)
    sb = toolkit.sandbox
    assert sb is not None
    me = sb.default_user.id
    found = toolkit.call(
        "twitter_recent_search",
        {
            "query": f"{monitoring.TOPIC} -is:retweet",
            "max_results": 50,
            "tweet.fields": monitoring.FIELDS,
        },
    )
    score = (*monitoring.SCORE, "impression_count")  # how the policy ranks
    ranked = sorted(
        (p for p in found["data"] if p["author_id"] != me),
        key=lambda p: sum(p["public_metrics"][n] for n in score),
        reverse=True,
    )
    for post in ranked[:4]:  # the best candidates are liked already
        sb.state.likes.add(me, post["id"])
    before = set(sb.state.likes.targets(me))

    report = run_demo("content-monitoring", toolkit=toolkit)

    liked = [s.args["tweet_id"] for s in report.steps if s.tool == monitoring.LIKE]
    assert len(liked) == monitoring.LIKES
    assert before.isdisjoint(liked)
    assert report.verification.ok, report.verification.message
    assert "new like" in report.verification.message


def test_monitoring_verification_names_a_like_from_before() -> None:
    toolkit = xkit.Toolkit(sandbox=True)
    assert toolkit.sandbox is not None
    report = run_demo("content-monitoring", toolkit=toolkit)
    world = toolkit.sandbox.state
    me = toolkit.sandbox.default_user.id
    first = next(s.args["tweet_id"] for s in report.steps if s.tool == monitoring.LIKE)
    before = Baseline(likes=frozenset({(me, first)}))

    verdict = monitoring.verify(world, report.steps, before)

    assert not verdict.ok
    assert first in verdict.message and "already liked" in verdict.message
