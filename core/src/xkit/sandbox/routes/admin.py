"""App-level endpoints: usage, the label stream, compliance jobs, activity
subscriptions and the OpenAPI document itself."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from functools import cache
from typing import Any

import httpx

from .._app import Ctx, route
from .._clock import iso, parse_time
from .._errors import invalid_request, not_found_error, resource_not_found
from .._spec import openapi
from .._state import ComplianceJob, Tweet

JsonDict = dict[str, Any]
PROJECT_ID = "1586418357409857536"
CLIENT_APP_ID = "29213074"
DEFAULT_USAGE = ("cap_reset_day", "project_cap", "project_id", "project_usage")
LABELS = (
    ("misleading", "Stay informed", "This claim is disputed by experts."),
    ("violent_speech", "Notice", "This post may violate the rules on violent speech."),
    ("synthetic_media", "Manipulated media", "This media may have been altered."),
)
HANDFUL = 3
SUBSCRIPTION_EVENTS = frozenset(
    {
        "profile.update.bio",
        "profile.update.profile_picture",
        "profile.update.banner_picture",
        "profile.update.screenname",
        "profile.update.geo",
        "profile.update.url",
        "profile.update.verified_badge",
        "profile.update.affiliate_badge",
        "profile.update.handle",
        "news.new",
        "follow.follow",
        "follow.unfollow",
        "spaces.start",
        "spaces.end",
        "chat.received",
        "chat.sent",
        "chat.conversation_join",
        "dm.sent",
        "dm.received",
        "dm.indicate_typing",
        "dm.read",
        "post.create",
        "post.delete",
        "post.mention.create",
        "like.create",
    }
)


# -- usage ----------------------------------------------------------------------


@route("GET", "/2/usage/tweets")
def usage(ctx: Ctx) -> JsonDict:
    days = int(ctx.query.get("days") or 7)
    today = ctx.now.replace(hour=0, minute=0, second=0, microsecond=0)
    daily = []
    for back in range(days):
        day = today - timedelta(days=back)
        count = ctx.world.usage.get(day.date().isoformat(), 0)
        daily.append({"date": iso(day), "usage": count})
    next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    values: JsonDict = {
        "cap_reset_day": (next_month - today).days,
        "project_cap": ctx.sandbox.monthly_post_cap,
        "project_id": PROJECT_ID,
        "project_usage": ctx.sandbox.month_usage(),
        "daily_project_usage": {"project_id": int(PROJECT_ID[-9:]), "usage": daily},
        "daily_client_app_usage": [
            {
                "client_app_id": CLIENT_APP_ID,
                "usage": daily,
                "usage_result_count": len(daily),
            }
        ],
    }
    wanted = set(filter(None, ctx.query.get("usage.fields", "").split(",")))
    return {"data": {k: v for k, v in values.items() if k in (wanted or DEFAULT_USAGE)}}


# -- label stream ---------------------------------------------------------------


def _labelled(tweet: Tweet) -> int | None:
    """Which label (index into LABELS) a post carries, for about one in nine."""
    digest = int(hashlib.sha256(tweet.id.encode()).hexdigest()[:8], 16)
    return digest % len(LABELS) if digest % 9 == 0 else None


def _label_event(tweet: Tweet, label: int, at: datetime) -> JsonDict:
    kind, title, details = LABELS[label]
    notice = {
        "tweet": {"id": tweet.id, "author_id": tweet.author_id},
        "event_type": kind,
        "event_at": iso(at),
        "application": "apply",
        "label_title": title,
        "details": details,
        "extended_details_url": "https://help.x.com/rules-and-policies",
    }
    return {"data": {"public_tweet_notice": notice}}


@route("GET", "/2/tweets/label/stream")
def label_stream(ctx: Ctx) -> httpx.Response:
    """The label events of the requested window, newline-delimited, then the end.

    A real stream stays open; this one sends what happened between `start_time`
    (or `backfill_minutes` ago, or now) and `end_time` (or now), and when that is
    nothing, the latest few events, so a reader always sees the format."""
    now = ctx.now
    backfill = int(ctx.query.get("backfill_minutes") or 0)
    start = parse_time(ctx.query.get("start_time", "")) or now - timedelta(
        minutes=backfill
    )
    end = parse_time(ctx.query.get("end_time", "")) or now
    labelled = [
        (t, label)
        for t in sorted(ctx.world.tweets.values(), key=lambda t: int(t.id))
        if not t.retweeted_tweet_id and (label := _labelled(t)) is not None
    ]
    events = [
        _label_event(t, label, t.created_at + timedelta(minutes=1))
        for t, label in labelled
        if start <= t.created_at + timedelta(minutes=1) <= end
    ]
    if not events:
        latest = [(t, label) for t, label in labelled if t.created_at <= end]
        events = [
            _label_event(t, label, min(end, t.created_at + timedelta(minutes=1)))
            for t, label in latest[-HANDFUL:]
        ]
    lines = b"".join(json.dumps(e).encode() + b"\r\n" for e in events)
    return httpx.Response(
        200, headers={"content-type": "application/json"}, content=lines
    )


# -- compliance jobs ------------------------------------------------------------


def _job(ctx: Ctx, job: ComplianceJob) -> JsonDict:
    age = (ctx.now - job.created_at).total_seconds()
    if job.status in {"created", "in_progress"}:
        job.status = (
            "created" if age < 60 else "in_progress" if age < 300 else "complete"
        )
    base = f"https://storage.googleapis.com/xkit-sandbox-compliance/{job.id}"
    body: JsonDict = {
        "id": job.id,
        "type": job.type,
        "created_at": iso(job.created_at),
        "status": job.status,
        "resumable": job.resumable,
        "upload_url": f"{base}/upload",
        "upload_expires_at": iso(job.created_at + timedelta(minutes=15)),
        "download_url": f"{base}/download",
        "download_expires_at": iso(job.created_at + timedelta(days=7)),
    }
    if job.name:
        body["name"] = job.name
    return body


@route("POST", "/2/compliance/jobs")
def create_job(ctx: Ctx) -> JsonDict:
    body = ctx.body()
    kind = ctx.require(body, "type")
    if kind not in {"tweets", "users"}:
        raise invalid_request("`type` must be `tweets` or `users`.", {"type": [kind]})
    name = body.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > 64):
        raise invalid_request("`name` is at most 64 characters.", {"name": [name]})
    job = ComplianceJob(
        id=ctx.world.new_id(ctx.now),
        type=kind,
        name=name,
        created_at=ctx.now,
        status="created",
        resumable=bool(body.get("resumable")),
    )
    ctx.world.compliance_jobs[job.id] = job
    return {"data": _job(ctx, job)}


@route("GET", "/2/compliance/jobs")
def list_jobs(ctx: Ctx) -> JsonDict:
    kind = ctx.query.get("type")
    status = ctx.query.get("status")
    jobs = [
        _job(ctx, j)
        for j in sorted(
            ctx.world.compliance_jobs.values(), key=lambda j: j.created_at, reverse=True
        )
        if j.type == kind
    ]
    jobs = [j for j in jobs if status is None or j["status"] == status]
    body: JsonDict = {"meta": {"result_count": len(jobs)}}
    if jobs:
        body["data"] = jobs
    return body


@route("GET", "/2/compliance/jobs/{id}")
def get_job(ctx: Ctx) -> JsonDict:
    job = ctx.world.compliance_jobs.get(ctx.params["id"])
    if job is None:
        return {"errors": [not_found_error("compliance_job", "id", ctx.params["id"])]}
    return {"data": _job(ctx, job)}


# -- activity subscriptions -----------------------------------------------------


@route("POST", "/2/activity/subscriptions")
def subscribe(ctx: Ctx) -> JsonDict:
    body = ctx.body()
    event_type = ctx.require(body, "event_type")
    if event_type not in SUBSCRIPTION_EVENTS:
        raise invalid_request(
            f"`event_type` [{event_type}] is not a known activity event.",
            {"event_type": [str(event_type)]},
        )
    found = body.get("filter")
    if not isinstance(found, dict) or not set(found) <= {
        "user_id",
        "keyword",
        "direction",
    }:
        raise invalid_request(
            "`filter` must be an object with `user_id`, `keyword` or `direction`."
        )
    user_id = found.get("user_id")
    if user_id is not None and str(user_id) not in ctx.world.users:
        raise resource_not_found("user", "filter.user_id", str(user_id))
    subscription: JsonDict = {
        "subscription_id": ctx.world.new_id(ctx.now),
        "event_type": event_type,
        "filter": dict(found),
        "created_at": iso(ctx.now),
        "updated_at": iso(ctx.now),
    }
    for name in ("tag", "webhook_id"):
        if body.get(name):
            subscription[name] = str(body[name])
    ctx.world.subscriptions[subscription["subscription_id"]] = subscription
    total = len(ctx.world.subscriptions)
    return {
        "data": {
            "subscription": subscription,
            "total_subscriptions_for_instance_id": total,
        },
        "meta": {"total_subscriptions": total},
    }


# -- the spec -------------------------------------------------------------------


@cache
def _document() -> bytes:
    return json.dumps(openapi(), separators=(",", ":")).encode()


@route("GET", "/2/openapi.json", auth=False)
def openapi_document(ctx: Ctx) -> httpx.Response:
    headers = {"content-type": "application/json"}
    return httpx.Response(200, headers=headers, content=_document())
