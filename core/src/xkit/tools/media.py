"""Media upload tools.

``twitter_media_upload``, ``twitter_media_upload_base64`` and
``twitter_media_upload_large`` are composed flows run by the executor (one-shot
upload or initialize/append/finalize/status, then alt text through
``POST /2/media/metadata``); their arguments are all placed ``local`` and never
go on the wire as given. The other tools are the single steps of the chunked
upload, for agents that drive it themselves.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field, field_validator, model_validator

from .._inputs import ToolInput
from .._mediarules import (
    ALT_TEXT,
    CATEGORY_DOC,
    CHUNK_LIMIT,
    GIF_LIMIT,
    MAX_TOTAL_BYTES,
    MB,
    VIDEO_LIMIT,
    MediaCategory,
    MediaSource,
    MediaType,
    check_base64,
    check_pair,
    decoded_size,
    encoded_length,
    size_limit,
    split_data_url,
)
from .._params import MediaId, UserId
from .._spec import ToolSpec
from ._mixins import split_ids

SCOPES = frozenset({"media.write"})
MEDIA = frozenset({"media", "publish"})
MEDIA_READ = frozenset({"media", "publish", "read"})


class MediaUploadInput(ToolInput):
    media: MediaSource
    media_type: Annotated[
        MediaType | None,
        Field(
            description=(
                "MIME type of the file, e.g. 'image/jpeg' or 'image/png'. "
                "Detected from the file when omitted."
            ),
        ),
    ] = None
    media_category: Annotated[
        MediaCategory | None,
        Field(description=CATEGORY_DOC + " Derived from the file type if omitted."),
    ] = None
    alt_text: ALT_TEXT = None

    example: ClassVar[dict[str, Any]] = {
        "media": "https://example.com/photos/sunset.jpg",
        "media_type": "image/jpeg",
        "media_category": "tweet_image",
        "alt_text": "Orange sunset over the sea",
    }

    @model_validator(mode="after")
    def _pair(self) -> MediaUploadInput:
        check_pair(self.media_category, self.media_type)
        return self


class _Base64Upload(ToolInput):
    """Shared checks of the tools that take the whole file as base64."""

    #: Largest decoded size this tool takes at all.
    max_bytes: ClassVar[int]
    #: Hint appended to the size error.
    too_big_hint: ClassVar[str] = ""

    media_type: Annotated[
        MediaType,
        Field(description="MIME type of the file, e.g. 'image/png' or 'video/mp4'."),
    ]
    alt_text: ALT_TEXT = None

    @model_validator(mode="before")
    @classmethod
    def _data_url(cls, data: Any) -> Any:
        return split_data_url(data, "media_data")

    @field_validator("media_data", check_fields=False)
    @classmethod
    def _base64(cls, value: str) -> str:
        return check_base64(value, "media_data", cls.max_bytes, cls.too_big_hint)

    @model_validator(mode="after")
    def _fits(self) -> _Base64Upload:
        category = getattr(self, "media_category", None)
        check_pair(category, self.media_type)
        limit = size_limit(category, self.media_type)
        size = decoded_size(getattr(self, "media_data", ""))
        if limit is not None and size > limit:
            raise ValueError(
                f"'media_data' decodes to {size} bytes; X accepts at most "
                f"{limit // MB} MB for this kind of media"
            )
        return self


class MediaUploadBase64Input(_Base64Upload):
    max_bytes: ClassVar[int] = GIF_LIMIT
    too_big_hint: ClassVar[str] = "; use twitter_media_upload_large for videos"

    media_data: Annotated[
        str,
        Field(
            json_schema_extra={"maxLength": encoded_length(GIF_LIMIT)},
            description=(
                "The file as base64 text (a 'data:<mime>;base64,...' URL is also "
                "accepted). At most 15 MB decoded; images at most 5 MB."
            ),
        ),
    ]
    media_category: Annotated[
        MediaCategory | None,
        Field(description=CATEGORY_DOC + " Derived from media_type if omitted."),
    ] = None

    example: ClassVar[dict[str, Any]] = {
        "media_data": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
        "media_type": "image/png",
        "media_category": "tweet_image",
        "alt_text": "A single transparent pixel",
    }


class MediaUploadLargeInput(_Base64Upload):
    max_bytes: ClassVar[int] = VIDEO_LIMIT

    media_data: Annotated[
        str,
        Field(
            json_schema_extra={"maxLength": encoded_length(VIDEO_LIMIT)},
            description=(
                "The whole file as base64 text (a 'data:<mime>;base64,...' URL is "
                "also accepted); xkit splits it into chunks. Videos at most "
                "512 MB, GIFs 15 MB, images 5 MB decoded."
            ),
        ),
    ]
    media_category: Annotated[MediaCategory, Field(description=CATEGORY_DOC)]

    example: ClassVar[dict[str, Any]] = {
        "media_data": "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==",
        "media_type": "image/gif",
        "media_category": "tweet_gif",
    }


class MediaUploadInitInput(ToolInput):
    total_bytes: Annotated[
        int,
        Field(
            ge=0,
            le=MAX_TOTAL_BYTES,
            description="Exact size of the whole file in bytes (at most 16 GiB).",
        ),
    ]
    media_type: Annotated[
        MediaType,
        Field(description="MIME type of the file, e.g. 'video/mp4' or 'image/gif'."),
    ]
    media_category: Annotated[MediaCategory | None, Field(description=CATEGORY_DOC)] = (
        None
    )
    additional_owners: Annotated[
        list[UserId] | None,
        BeforeValidator(split_ids),
        Field(
            description=(
                "User IDs of other accounts allowed to post this media, e.g. "
                "['2244994945']."
            ),
        ),
    ] = None
    shared: Annotated[
        bool | None,
        Field(description="True to let the media be reused in other posts and DMs."),
    ] = None

    example: ClassVar[dict[str, Any]] = {
        "total_bytes": 10485760,
        "media_type": "video/mp4",
        "media_category": "tweet_video",
    }

    @model_validator(mode="after")
    def _pair(self) -> MediaUploadInitInput:
        check_pair(self.media_category, self.media_type)
        return self


class MediaUploadAppendInput(ToolInput):
    media_id: Annotated[
        MediaId,
        Field(description="The media id returned by twitter_media_upload_init."),
    ]
    media_data: Annotated[
        str,
        Field(
            json_schema_extra={"maxLength": encoded_length(CHUNK_LIMIT)},
            description=(
                "This chunk of the file as base64 text, at most 5 MB decoded "
                "(1-4 MB chunks are safest)."
            ),
        ),
    ]
    segment_index: Annotated[
        int,
        Field(
            ge=0,
            le=999,
            description="Position of this chunk: 0 for the first, then 1, 2, ... 999.",
        ),
    ]

    example: ClassVar[dict[str, Any]] = {
        "media_id": "1880028106020515840",
        "media_data": "AAAAIGZ0eXBpc29tAAACAGlzb21pc28yYXZjMW1wNDE=",
        "segment_index": 0,
    }

    @field_validator("media_data")
    @classmethod
    def _base64(cls, value: str) -> str:
        return check_base64(
            value, "media_data", CHUNK_LIMIT, "; split the file into smaller chunks"
        )


class MediaIdInput(ToolInput):
    media_id: Annotated[
        MediaId,
        Field(
            description=(
                "Media id of the upload, as returned by twitter_media_upload_init "
                "or an upload tool."
            ),
        ),
    ]

    example: ClassVar[dict[str, Any]] = {"media_id": "1880028106020515840"}


_FLOW_WIRE = {
    "media_data": "local:media_data",
    "media_type": "local:media_type",
    "media_category": "local:media_category",
    "alt_text": "local:alt_text",
}

TOOLS = (
    ToolSpec(
        name="twitter_media_upload",
        description=(
            "Upload an image or subtitle file from a public http(s) URL or a "
            "local file path and get a media_id to attach to a post or DM. For "
            "GIFs, videos or images over 5 MB use twitter_media_upload_large; "
            "for base64 text use twitter_media_upload_base64."
        ),
        input_model=MediaUploadInput,
        method="POST",
        path="/2/media/upload",
        operation_id="mediaUpload",
        scopes=SCOPES,
        wire={"media": "local:media", **_FLOW_WIRE},
        flow="media_upload",
        toolsets=MEDIA,
    ),
    ToolSpec(
        name="twitter_media_upload_base64",
        description=(
            "Upload an image (at most 5 MB) or subtitle file given as base64 text "
            "and get a media_id to attach to a post or DM. For GIFs and videos "
            "use twitter_media_upload_large; for a URL or file path use "
            "twitter_media_upload."
        ),
        input_model=MediaUploadBase64Input,
        method="POST",
        path="/2/media/upload",
        operation_id="mediaUpload",
        scopes=SCOPES,
        wire=_FLOW_WIRE,
        flow="media_upload",
        toolsets=MEDIA,
    ),
    ToolSpec(
        name="twitter_media_upload_large",
        description=(
            "Upload a video, GIF or large image given as base64 text in one call: "
            "xkit runs the chunked upload (initialize, append, finalize) and "
            "waits for processing, then returns a media_id ready to attach. "
            "Videos up to 512 MB."
        ),
        input_model=MediaUploadLargeInput,
        method="POST",
        path="/2/media/upload/initialize",
        operation_id="initializeMediaUpload",
        scopes=SCOPES,
        wire=_FLOW_WIRE,
        flow="media_upload_chunked",
        toolsets=MEDIA,
    ),
    ToolSpec(
        name="twitter_media_upload_init",
        description=(
            "Step 1 of a manual chunked upload: declare the file's size and type "
            "and get a media id. Then call twitter_media_upload_append per chunk, "
            "twitter_media_upload_finalize, and twitter_media_upload_status_get. "
            "twitter_media_upload_large does all of this for you."
        ),
        input_model=MediaUploadInitInput,
        method="POST",
        path="/2/media/upload/initialize",
        operation_id="initializeMediaUpload",
        scopes=SCOPES,
        toolsets=MEDIA,
    ),
    ToolSpec(
        name="twitter_media_upload_append",
        description=(
            "Step 2 of a manual chunked upload: send one base64 chunk (at most "
            "5 MB) of the file, with segment_index 0, 1, 2... in order. After the "
            "last chunk call twitter_media_upload_finalize."
        ),
        input_model=MediaUploadAppendInput,
        method="POST",
        path="/2/media/upload/{id}/append",
        operation_id="appendMediaUpload",
        scopes=SCOPES,
        wire={"media_id": "path:id", "media_data": "body:media"},
        toolsets=MEDIA,
    ),
    ToolSpec(
        name="twitter_media_upload_finalize",
        description=(
            "Step 3 of a manual chunked upload: call once after the last "
            "twitter_media_upload_append to complete the file. If the reply has "
            "processing_info (videos, GIFs), poll twitter_media_upload_status_get "
            "until it succeeds before attaching the media_id."
        ),
        input_model=MediaIdInput,
        method="POST",
        path="/2/media/upload/{id}/finalize",
        operation_id="finalizeMediaUpload",
        scopes=SCOPES,
        wire={"media_id": "path:id"},
        toolsets=MEDIA,
    ),
    ToolSpec(
        name="twitter_media_upload_status_get",
        description=(
            "Check the processing state of an uploaded video or GIF (pending, "
            "in_progress, succeeded or failed) and how long to wait before "
            "checking again. Attach the media_id only once it has succeeded."
        ),
        input_model=MediaIdInput,
        method="GET",
        path="/2/media/upload",
        operation_id="getMediaUploadStatus",
        scopes=SCOPES,
        constants={"query:command": "STATUS"},
        toolsets=MEDIA_READ,
    ),
)
