"""Post (tweet) tools: look up, create and delete posts."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, model_validator

from .._inputs import ToolInput
from .._params import (
    MediaId,
    TweetId,
    TweetIdCsv,
    UserId,
)
from .._spec import AuthKind, ToolSpec
from ._mixins import (
    TweetFieldsMixin,
)

READ = frozenset({"tweet.read", "users.read"})
WRITE = frozenset({"tweet.read", "tweet.write", "users.read"})
LIKE_READ = frozenset({"like.read", "tweet.read", "users.read"})
LIKE_WRITE = frozenset({"like.write", "tweet.read", "users.read"})

_EXAMPLE_TWEET = "1460323737035677698"


def _listify(value: Any) -> Any:
    """Accept a comma-separated string where a JSON list is expected."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


TweetIdList = Annotated[
    list[TweetId],
    BeforeValidator(_listify),
    Field(
        min_length=1,
        max_length=100,
        description="1-100 post ids (numeric strings), e.g. ['1460323737035677698'].",
    ),
]


# ---------------------------------------------------------------- lookups


class PostLookupInput(TweetFieldsMixin):
    id: Annotated[TweetId, Field(description="ID of the post to fetch.")]

    example: ClassVar[dict[str, Any]] = {
        "id": _EXAMPLE_TWEET,
        "tweet.fields": "created_at,author_id,public_metrics",
        "expansions": "author_id",
        "user.fields": "username,verified",
    }


class PostsLookupInput(TweetFieldsMixin):
    ids: TweetIdCsv

    example: ClassVar[dict[str, Any]] = {
        "ids": "1460323737035677698,1293593516040269825",
        "tweet.fields": "created_at,public_metrics",
    }


# ---------------------------------------------------------------- create


PollOption = Annotated[str, Field(min_length=1, max_length=25)]


class PostCreateInput(ToolInput):
    """Body of POST /2/tweets; dotted names nest (``poll.options``)."""

    any_of = (
        ("text", "media.media_ids", "poll.options", "quote_tweet_id", "card_uri"),
    )
    together = (("poll.options", "poll.duration_minutes"),)
    exclusive = (
        ("media.media_ids", "poll.options", "quote_tweet_id"),
        ("card_uri", "quote_tweet_id"),
        ("card_uri", "poll.options"),
        ("card_uri", "media.media_ids"),
    )
    requires = (
        ("media.tagged_user_ids", "media.media_ids"),
        ("reply.exclude_reply_user_ids", "reply.in_reply_to_tweet_id"),
        ("share_with_followers", "community_id"),
    )

    # NOTE: no maxLength on purpose. The spec sets none, and X counts
    # *weighted* characters (280 for standard accounts: URLs count 23, most
    # CJK characters and emoji count 2; Premium accounts may post up to
    # 25,000). A plain len() check would reject valid posts, so X enforces it.
    text: Annotated[
        str | None,
        BeforeValidator(_blank_to_none),
        Field(
            description=(
                "Post text. Standard accounts get 280 weighted characters (a URL "
                "counts 23, emoji and CJK characters count 2). Needed unless "
                "media.media_ids, poll.options, quote_tweet_id or card_uri is given."
            )
        ),
    ] = None
    reply_in_reply_to_tweet_id: Annotated[
        TweetId | None,
        Field(
            alias="reply.in_reply_to_tweet_id",
            description="Post id to reply to; use it to build threads.",
        ),
    ] = None
    reply_exclude_reply_user_ids: Annotated[
        list[UserId] | None,
        BeforeValidator(_listify),
        Field(
            alias="reply.exclude_reply_user_ids",
            description=(
                "User ids to drop from the reply's automatic @mentions; only with "
                "reply.in_reply_to_tweet_id."
            ),
        ),
    ] = None
    quote_tweet_id: Annotated[
        TweetId | None,
        Field(description="Post id to quote. Not combinable with media, poll or card."),
    ] = None
    reply_settings: Annotated[
        Literal["following", "mentionedUsers", "subscribers", "verified"] | None,
        Field(
            description=(
                "Who may reply: 'following', 'mentionedUsers', 'subscribers' or "
                "'verified'. Omit to let everyone reply."
            )
        ),
    ] = None
    media_media_ids: Annotated[
        Annotated[list[MediaId], Field(min_length=1, max_length=4)] | None,
        BeforeValidator(_listify),
        Field(
            alias="media.media_ids",
            description=(
                "1-4 media ids from twitter_media_upload to attach. Not combinable "
                "with poll, quote_tweet_id or card_uri."
            ),
        ),
    ] = None
    media_tagged_user_ids: Annotated[
        Annotated[list[UserId], Field(max_length=10)] | None,
        BeforeValidator(_listify),
        Field(
            alias="media.tagged_user_ids",
            description="Up to 10 user ids to tag in the attached media.",
        ),
    ] = None
    poll_options: Annotated[
        Annotated[list[PollOption], Field(min_length=2, max_length=4)] | None,
        BeforeValidator(_listify),
        Field(
            alias="poll.options",
            description=(
                "2-4 poll choices of 1-25 characters each; needs "
                "poll.duration_minutes. Not combinable with media, quote or card."
            ),
        ),
    ] = None
    poll_duration_minutes: Annotated[
        int | None,
        Field(
            alias="poll.duration_minutes",
            ge=5,
            le=10080,
            description="How long the poll runs, 5-10080 minutes (7 days).",
        ),
    ] = None
    card_uri: Annotated[
        str | None,
        BeforeValidator(_blank_to_none),
        Field(
            description=(
                "URI of a card (e.g. from the Ads API) to attach. Not combinable "
                "with media, poll or quote_tweet_id."
            )
        ),
    ] = None
    geo_place_id: Annotated[
        str | None,
        Field(
            alias="geo.place_id",
            min_length=1,
            description="Place id to tag the post with a location.",
        ),
    ] = None
    community_id: Annotated[
        str | None,
        Field(
            pattern=r"^[0-9]{1,19}$",
            description="Numeric id of a Community to post into.",
        ),
    ] = None
    share_with_followers: Annotated[
        bool | None,
        Field(description="Also show a Community post to your followers."),
    ] = None
    for_super_followers_only: Annotated[
        bool | None,
        Field(description="Make the post visible only to your Super Followers."),
    ] = None
    nullcast: Annotated[
        bool | None,
        Field(
            description=(
                "Promoted-only post: not shown on your timeline or to followers."
            )
        ),
    ] = None

    example: ClassVar[dict[str, Any]] = {
        "text": "Hello from xkit!",
        "reply.in_reply_to_tweet_id": _EXAMPLE_TWEET,
    }

    @model_validator(mode="before")
    @classmethod
    def _flatten(cls, data: Any) -> Any:
        """Accept the nested wire shape too: ``{"poll": {"options": [...]}}``."""
        if not isinstance(data, dict):
            return data
        out = dict(data)
        for parent in ("reply", "media", "poll", "geo"):
            nested = out.get(parent)
            if isinstance(nested, dict):
                del out[parent]
                for key, value in nested.items():
                    out.setdefault(f"{parent}.{key}", value)
        return out


class PostIdInput(ToolInput):
    id: Annotated[TweetId, Field(description="ID of your post to delete.")]

    example: ClassVar[dict[str, Any]] = {"id": _EXAMPLE_TWEET}


# ---------------------------------------------------------------- engage


TOOLS = (
    ToolSpec(
        name="twitter_post_lookup",
        description=(
            "Fetch one post by id with its text and any fields you ask for "
            "(metrics, author, media, referenced posts). For several posts at once "
            "use twitter_posts_lookup."
        ),
        input_model=PostLookupInput,
        method="GET",
        path="/2/tweets/{id}",
        operation_id="getPostsById",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        toolsets=frozenset({"read"}),
    ),
    ToolSpec(
        name="twitter_posts_lookup",
        description=(
            "Fetch up to 100 posts in one call from their ids. Deleted or hidden "
            "posts are reported in 'errors' beside the found ones."
        ),
        input_model=PostsLookupInput,
        method="GET",
        path="/2/tweets",
        operation_id="getPostsByIds",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        toolsets=frozenset({"read"}),
    ),
    ToolSpec(
        name="twitter_post_create",
        description=(
            "Publish a post as the signed-in user: plain text, a reply "
            "(reply.in_reply_to_tweet_id, chain for threads), a quote, up to 4 "
            "uploaded media, or a 2-4 option poll. Media, poll and quote exclude "
            "each other. Returns the new post's id and text."
        ),
        input_model=PostCreateInput,
        method="POST",
        path="/2/tweets",
        operation_id="createPosts",
        scopes=WRITE,
        auth=AuthKind.USER,
        toolsets=frozenset({"publish"}),
    ),
    ToolSpec(
        name="twitter_post_delete",
        description=(
            "Permanently delete one of your own posts by id. Cannot be undone; "
            "copies may linger in other services' caches."
        ),
        input_model=PostIdInput,
        method="DELETE",
        path="/2/tweets/{id}",
        operation_id="deletePosts",
        scopes=WRITE,
        auth=AuthKind.USER,
        toolsets=frozenset({"publish"}),
    ),
)
