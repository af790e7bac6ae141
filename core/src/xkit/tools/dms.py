"""Direct Message tools: send, read and delete DMs, create group chats."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, TypeAlias

from pydantic import BeforeValidator, Field, model_validator

from .._inputs import ToolInput
from .._params import (
    NUMERIC_ID,
    DmConversationId,
    DmEventExpansions,
    DmEventFields,
    MediaFields,
    MediaId,
    PageSize1To100,
    TweetFields,
    UserFields,
    UserId,
    csv_rules,
)
from .._spec import ToolSpec
from ._mixins import Base32PageToken, split_ids

READ = frozenset({"dm.read", "tweet.read", "users.read"})
WRITE = frozenset({"dm.write", "tweet.read", "users.read"})
DM = frozenset({"dm"})
DM_READ = frozenset({"dm", "read"})

DmEventId = Annotated[
    str,
    Field(
        pattern=NUMERIC_ID,
        description=(
            "DM event ID (one message or join/leave event): a numeric string of "
            "1-19 digits, e.g. '1146654567674912769'."
        ),
    ),
]
DmText = Annotated[
    str | None,
    Field(min_length=1, description="Message text (at least 1 character)."),
]
DmMediaId = Annotated[
    MediaId | None,
    Field(
        description=(
            "media_id of an image, GIF or video uploaded beforehand with a "
            "twitter_media_upload* tool (category dm_image, dm_gif or dm_video)."
        ),
    ),
]
#: DM event types to return (X returns all three when omitted).
EventTypes: TypeAlias = Annotated[
    str | None,
    *csv_rules(
        frozenset({"MessageCreate", "ParticipantsJoin", "ParticipantsLeave"}),
        "MessageCreate",
    ),
]


class DmEventFieldsMixin(ToolInput):
    """Field and expansion selectors of every tool that returns DM events."""

    dm_event_fields: DmEventFields = Field(None, alias="dm_event.fields")
    expansions: DmEventExpansions = None
    user_fields: UserFields = Field(None, alias="user.fields")
    media_fields: MediaFields = Field(None, alias="media.fields")
    tweet_fields: TweetFields = Field(None, alias="tweet.fields")


class DmEventPageMixin(DmEventFieldsMixin):
    """Paging and event-type filter shared by the DM event list tools."""

    max_results: PageSize1To100 = None
    pagination_token: Base32PageToken = None
    event_types: EventTypes = None


class _MessageMixin(ToolInput):
    """Message content: text and/or one attached media id."""

    any_of = (("text", "media_id"),)

    text: DmText = None
    media_id: DmMediaId = None


class DmSendInput(_MessageMixin):
    participant_id: Annotated[
        UserId, Field(description="User ID of the person to message.")
    ]

    example: ClassVar[dict[str, Any]] = {
        "participant_id": "2244994945",
        "text": "Hi! Thanks for the follow.",
    }


class DmConversationSendInput(_MessageMixin):
    dm_conversation_id: DmConversationId

    example: ClassVar[dict[str, Any]] = {
        "dm_conversation_id": "1582103724607971328",
        "text": "Meeting moved to 3pm.",
        "media_id": "1146654567674912769",
    }


class DmEventsInput(DmEventPageMixin):
    example: ClassVar[dict[str, Any]] = {
        "max_results": 50,
        "event_types": "MessageCreate",
        "dm_event.fields": "created_at,sender_id,text,dm_conversation_id",
        "expansions": "sender_id",
        "user.fields": "username",
    }


class DmConversationEventsInput(DmEventPageMixin):
    participant_id: Annotated[
        UserId,
        Field(description="User ID of the other person in the one-to-one chat."),
    ]

    example: ClassVar[dict[str, Any]] = {
        "participant_id": "2244994945",
        "max_results": 20,
        "dm_event.fields": "created_at,sender_id,text",
    }


class DmConversationRetrieveInput(DmEventPageMixin):
    dm_conversation_id: DmConversationId

    example: ClassVar[dict[str, Any]] = {
        "dm_conversation_id": "783214-2244994945",
        "max_results": 100,
        "dm_event.fields": "created_at,sender_id,text,attachments",
        "expansions": "attachments.media_keys",
        "media.fields": "url,type",
    }


class DmEventGetInput(DmEventFieldsMixin):
    event_id: DmEventId

    example: ClassVar[dict[str, Any]] = {
        "event_id": "1146654567674912769",
        "dm_event.fields": "created_at,sender_id,text,dm_conversation_id",
        "expansions": "sender_id",
    }


class DmDeleteInput(ToolInput):
    event_id: Annotated[
        DmEventId, Field(description="ID of the DM event (message) you sent.")
    ]

    example: ClassVar[dict[str, Any]] = {"event_id": "1146654567674912769"}


class DmGroupCreateInput(_MessageMixin):
    participant_ids: Annotated[
        list[UserId],
        BeforeValidator(split_ids),
        Field(
            min_length=2,
            max_length=49,
            description=(
                "User IDs of the other members (2-49; you are added "
                "automatically), e.g. ['2244994945', '783214']."
            ),
        ),
    ]

    example: ClassVar[dict[str, Any]] = {
        "participant_ids": ["2244994945", "783214"],
        "text": "Welcome to the project chat!",
    }

    @model_validator(mode="after")
    def _distinct(self) -> DmGroupCreateInput:
        if len(set(self.participant_ids)) != len(self.participant_ids):
            raise ValueError("'participant_ids' must not repeat a user id")
        return self


TOOLS = (
    ToolSpec(
        name="twitter_dm_send",
        description=(
            "Send a Direct Message to one user by user id, opening the one-to-one "
            "chat if needed. Give text, media_id (uploaded first) or both. To "
            "write into an existing group chat use twitter_dm_conversation_send."
        ),
        input_model=DmSendInput,
        method="POST",
        path="/2/dm_conversations/with/{participant_id}/messages",
        operation_id="createDirectMessagesByParticipantId",
        scopes=WRITE,
        wire={"media_id": "body:attachments[].media_id"},
        toolsets=DM,
    ),
    ToolSpec(
        name="twitter_dm_conversation_send",
        description=(
            "Post a message into an existing DM conversation (one-to-one or "
            "group) by its dm_conversation_id. Give text, media_id or both. Use "
            "twitter_dm_send when you only know the recipient's user id."
        ),
        input_model=DmConversationSendInput,
        method="POST",
        path="/2/dm_conversations/{dm_conversation_id}/messages",
        operation_id="createDirectMessagesByConversationId",
        scopes=WRITE,
        wire={"media_id": "body:attachments[].media_id"},
        toolsets=DM,
    ),
    ToolSpec(
        name="twitter_dm_events_get",
        description=(
            "List the signed-in user's recent DM events across all conversations, "
            "newest first (messages and people joining or leaving groups; last 30 "
            "days). Page with pagination_token; filter with event_types."
        ),
        input_model=DmEventsInput,
        method="GET",
        path="/2/dm_events",
        operation_id="getDirectMessagesEvents",
        scopes=READ,
        page_token="pagination_token",
        toolsets=DM_READ,
    ),
    ToolSpec(
        name="twitter_dm_conversation_events_get",
        description=(
            "List DM events of the one-to-one chat with a given user id, newest "
            "first. Not for group chats: use twitter_dm_conversation_retrieve with "
            "the dm_conversation_id instead."
        ),
        input_model=DmConversationEventsInput,
        method="GET",
        path="/2/dm_conversations/with/{participant_id}/dm_events",
        operation_id="getDirectMessagesEventsByParticipantId",
        scopes=READ,
        page_token="pagination_token",
        toolsets=DM_READ,
    ),
    ToolSpec(
        name="twitter_dm_conversation_retrieve",
        description=(
            "List DM events of one conversation (one-to-one or group) by its "
            "dm_conversation_id, newest first, 1-100 per page. Use "
            "twitter_dm_conversation_events_get if you only know the other "
            "user's id."
        ),
        input_model=DmConversationRetrieveInput,
        method="GET",
        path="/2/dm_conversations/{id}/dm_events",
        operation_id="getDirectMessagesEventsByConversationId",
        scopes=READ,
        wire={"dm_conversation_id": "path:id"},
        page_token="pagination_token",
        toolsets=DM_READ,
    ),
    ToolSpec(
        name="twitter_dm_event_get",
        description=(
            "Get a single DM event (a message or a join/leave event) by its event "
            "id, e.g. to read one message found in a list or to see its "
            "attachments."
        ),
        input_model=DmEventGetInput,
        method="GET",
        path="/2/dm_events/{event_id}",
        operation_id="getDirectMessagesEventsById",
        scopes=READ,
        toolsets=DM_READ,
    ),
    ToolSpec(
        name="twitter_dm_delete",
        description=(
            "Permanently delete one DM message that the signed-in user sent, by "
            "its event id. Cannot be undone, works only on your own messages, and "
            "does not remove the conversation."
        ),
        input_model=DmDeleteInput,
        method="DELETE",
        path="/2/dm_events/{event_id}",
        operation_id="deleteDirectMessagesEvents",
        scopes=frozenset({"dm.read", "dm.write"}),
        toolsets=DM,
    ),
    ToolSpec(
        name="twitter_dm_group_conversation_create",
        description=(
            "Start a new group DM with 2-49 other users and send its first "
            "message (text and/or an uploaded media_id). Returns the new "
            "dm_conversation_id; follow-ups go through "
            "twitter_dm_conversation_send."
        ),
        input_model=DmGroupCreateInput,
        method="POST",
        path="/2/dm_conversations",
        operation_id="createDirectMessagesConversation",
        scopes=WRITE,
        wire={
            "text": "body:message.text",
            "media_id": "body:message.attachments[].media_id",
        },
        constants={"body:conversation_type": "Group"},
        toolsets=DM,
    ),
)
