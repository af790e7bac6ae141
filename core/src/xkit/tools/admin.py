"""Developer and app administration tools: usage, compliance, label stream,
activity subscriptions and the API's own OpenAPI document."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal, TypeAlias

from pydantic import Field, model_validator

from .. import _vocab
from .._inputs import ToolInput
from .._params import NUMERIC_ID, EndTime, StartTime, UserId, csv_rules
from .._spec import AuthKind, ToolSpec

ADMIN = frozenset({"admin"})
ADMIN_READ = frozenset({"admin", "read"})

ComplianceJobType = Literal["tweets", "users"]
ComplianceJobFields: TypeAlias = Annotated[
    str | None,
    *csv_rules(_vocab.COMPLIANCE_JOB_FIELDS, "status,upload_url,download_url"),
]
UsageFields: TypeAlias = Annotated[
    str | None,
    *csv_rules(_vocab.USAGE_FIELDS, "project_usage,project_cap,daily_project_usage"),
]
ActivityEventType = Literal[
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
]


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class TweetUsageInput(ToolInput):
    days: Annotated[
        int | None,
        Field(
            ge=1,
            le=90,
            description="How many past days to report, 1-90. X uses 7 when omitted.",
        ),
    ] = None
    usage_fields: UsageFields = Field(None, alias="usage.fields")

    example: ClassVar[dict[str, Any]] = {
        "days": 30,
        "usage.fields": "project_usage,project_cap,cap_reset_day",
    }


class LabelStreamInput(ToolInput):
    backfill_minutes: Annotated[
        int | None,
        Field(
            ge=0,
            le=5,
            description=(
                "Minutes (0-5) of events missed during a disconnect to replay first."
            ),
        ),
    ] = None
    start_time: StartTime = None
    end_time: EndTime = None
    max_events: Annotated[
        int,
        Field(
            ge=1,
            le=1000,
            description=(
                "Stop after this many label events (1-1000). Read by xkit, not "
                "sent to X."
            ),
        ),
    ] = 20
    timeout_seconds: Annotated[
        int,
        Field(
            ge=1,
            le=60,
            description=(
                "Stop listening after this many seconds (1-60) even if fewer "
                "events arrived. Read by xkit, not sent to X."
            ),
        ),
    ] = 10

    example: ClassVar[dict[str, Any]] = {
        "backfill_minutes": 2,
        "max_events": 50,
        "timeout_seconds": 30,
    }

    @model_validator(mode="after")
    def _ordered(self) -> LabelStreamInput:
        start, end = self.start_time, self.end_time
        if start and end and _when(end) <= _when(start):
            raise ValueError("'end_time' must be later than 'start_time'")
        return self


class ComplianceJobCreateInput(ToolInput):
    type: Annotated[
        ComplianceJobType,
        Field(description="What the uploaded ids are: 'tweets' (post ids) or 'users'."),
    ]
    name: Annotated[
        str | None,
        Field(max_length=64, description="Your label for the job, at most 64 chars."),
    ] = None
    resumable: Annotated[
        bool | None,
        Field(
            description=(
                "True to get an upload_url that supports resumable uploads (for "
                "big id files)."
            ),
        ),
    ] = None

    example: ClassVar[dict[str, Any]] = {
        "type": "tweets",
        "name": "weekly-archive-check",
    }


class ComplianceJobGetInput(ToolInput):
    id: Annotated[
        str,
        Field(
            pattern=NUMERIC_ID,
            description=(
                "Compliance job ID from twitter_compliance_job_create or "
                "twitter_compliance_jobs_list: 1-19 digits."
            ),
        ),
    ]
    compliance_job_fields: ComplianceJobFields = Field(
        None, alias="compliance_job.fields"
    )

    example: ClassVar[dict[str, Any]] = {
        "id": "1382081613278814209",
        "compliance_job.fields": "status,download_url,download_expires_at",
    }


class ComplianceJobsListInput(ToolInput):
    type: Annotated[
        ComplianceJobType,
        Field(description="Which jobs to list: 'tweets' or 'users' jobs."),
    ]
    status: Annotated[
        Literal["created", "in_progress", "failed", "complete"] | None,
        Field(description="Only jobs in this state; all states when omitted."),
    ] = None
    compliance_job_fields: ComplianceJobFields = Field(
        None, alias="compliance_job.fields"
    )

    example: ClassVar[dict[str, Any]] = {"type": "users", "status": "complete"}


class ActivitySubscriptionCreateInput(ToolInput):
    any_of: ClassVar[tuple[tuple[str, ...], ...]] = (("user_id", "filter.keyword"),)

    event_type: Annotated[
        ActivityEventType,
        Field(
            description=(
                "Activity to subscribe to, e.g. 'profile.update.bio', "
                "'follow.follow', 'post.create', 'spaces.start', 'dm.received' "
                "or 'news.new'."
            ),
        ),
    ]
    user_id: Annotated[
        UserId | None,
        Field(description="User ID whose activity to watch (sent as filter.user_id)."),
    ] = None
    filter_keyword: Annotated[
        str | None,
        Field(
            alias="filter.keyword",
            min_length=1,
            max_length=150,
            description="Keyword to match, 1-150 chars (e.g. for news.new).",
        ),
    ] = None
    filter_direction: Annotated[
        Literal["inbound", "outbound"] | None,
        Field(
            alias="filter.direction",
            description=(
                "For directional events such as DMs: only 'inbound' or only "
                "'outbound' ones."
            ),
        ),
    ] = None
    tag: Annotated[
        str | None,
        Field(
            min_length=1,
            max_length=200,
            description="Your label echoed back with each event, 1-200 chars.",
        ),
    ] = None
    webhook_id: Annotated[
        str | None,
        Field(
            pattern=NUMERIC_ID,
            description=(
                "ID of a registered webhook to deliver events to (1-19 digits); "
                "without it events arrive on the activity stream only."
            ),
        ),
    ] = None

    example: ClassVar[dict[str, Any]] = {
        "event_type": "profile.update.bio",
        "user_id": "2244994945",
        "tag": "xdevelopers-bio",
    }


class OpenApiSpecInput(ToolInput):
    example: ClassVar[dict[str, Any]] = {}


TOOLS = (
    ToolSpec(
        name="twitter_tweet_usage_get",
        description=(
            "Report how many posts the developer Project has read against its "
            "monthly cap, with daily totals per app, over the last 1-90 days. "
            "Needs the app's bearer token."
        ),
        input_model=TweetUsageInput,
        method="GET",
        path="/2/usage/tweets",
        operation_id="getUsage",
        auth=AuthKind.APP,
        toolsets=ADMIN_READ,
    ),
    ToolSpec(
        name="twitter_tweet_label_stream",
        description=(
            "Listen to the real-time stream of labels X applies to or removes "
            "from posts, then return what arrived (up to max_events, or "
            "timeout_seconds). Needs Enterprise access and the app bearer token; "
            "a 403 means either is missing."
        ),
        input_model=LabelStreamInput,
        method="GET",
        path="/2/tweets/label/stream",
        operation_id="streamLabelsCompliance",
        auth=AuthKind.APP,
        wire={
            "max_events": "local:max_events",
            "timeout_seconds": "local:timeout_seconds",
        },
        flow="label_stream",
        toolsets=ADMIN_READ,
    ),
    ToolSpec(
        name="twitter_compliance_job_create",
        description=(
            "Start a batch compliance job that tells which of your stored post or "
            "user ids were deleted, suspended or made private. Upload the ids "
            "(one per line) to the returned upload_url, then poll "
            "twitter_compliance_job_get."
        ),
        input_model=ComplianceJobCreateInput,
        method="POST",
        path="/2/compliance/jobs",
        operation_id="createComplianceJobs",
        auth=AuthKind.APP,
        toolsets=ADMIN,
    ),
    ToolSpec(
        name="twitter_compliance_job_get",
        description=(
            "Get one compliance job by id: its status and, when complete, the "
            "download_url of the results. Use twitter_compliance_jobs_list if "
            "you do not have the id."
        ),
        input_model=ComplianceJobGetInput,
        method="GET",
        path="/2/compliance/jobs/{id}",
        operation_id="getComplianceJobsById",
        auth=AuthKind.APP,
        toolsets=ADMIN_READ,
    ),
    ToolSpec(
        name="twitter_compliance_jobs_list",
        description=(
            "List the app's recent compliance jobs of one type ('tweets' or "
            "'users'), optionally only those in a given status. Not paginated."
        ),
        input_model=ComplianceJobsListInput,
        method="GET",
        path="/2/compliance/jobs",
        operation_id="getComplianceJobs",
        auth=AuthKind.APP,
        toolsets=ADMIN_READ,
    ),
    ToolSpec(
        name="twitter_activity_subscription_create",
        description=(
            "Subscribe the app to one kind of X activity event (profile changes, "
            "follows, new posts, Spaces starting, DMs...) for a user id or a "
            "keyword; events go to a webhook or the activity stream. Private "
            "events like DMs need that user's token."
        ),
        input_model=ActivitySubscriptionCreateInput,
        method="POST",
        path="/2/activity/subscriptions",
        operation_id="createActivitySubscription",
        scopes=frozenset({"dm.read", "like.read", "tweet.read"}),
        auth=AuthKind.USER_OR_APP,
        wire={"user_id": "body:filter.user_id"},
        toolsets=ADMIN,
    ),
    ToolSpec(
        name="twitter_openapi_spec_get",
        description=(
            "Download X's official OpenAPI (JSON) description of the v2 API. "
            "Large; use it only to check an endpoint's exact parameters or "
            "schemas. Needs no credentials."
        ),
        input_model=OpenApiSpecInput,
        method="GET",
        path="/2/openapi.json",
        operation_id="getOpenApiSpec",
        auth=AuthKind.NONE,
        toolsets=ADMIN_READ,
    ),
)
