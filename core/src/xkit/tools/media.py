"""Media upload tools.

``twitter_media_upload``, ``twitter_media_upload_base64`` and
``twitter_media_upload_large`` are composed flows run by the executor (one-shot
upload or initialize/append/finalize/status, then alt text through
``POST /2/media/metadata``); their arguments are all placed ``local`` and never
go on the wire as given. The other tools are the single steps of the chunked
upload, for agents that drive it themselves.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import (
    BeforeValidator,
    Field,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .._inputs import ToolInput
from .._params import MediaId, UserId
from .._spec import ToolSpec

SCOPES = frozenset({"media.write"})
MEDIA = frozenset({"media", "publish"})
MEDIA_READ = frozenset({"media", "publish", "read"})

MB = 1024 * 1024
IMAGE_LIMIT = 5 * MB
GIF_LIMIT = 15 * MB
VIDEO_LIMIT = 512 * MB
CHUNK_LIMIT = 5 * MB
MAX_TOTAL_BYTES = 17_179_869_184


def encoded_length(limit: int) -> int:
    """Longest base64 text that decodes to at most ``limit`` bytes."""
    return 4 * math.ceil(limit / 3)


MediaCategory = Literal[
    "tweet_image",
    "tweet_gif",
    "tweet_video",
    "amplify_video",
    "dm_image",
    "dm_gif",
    "dm_video",
    "subtitles",
]
MediaType = Literal[
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/bmp",
    "image/pjpeg",
    "image/tiff",
    "video/mp4",
    "video/webm",
    "video/mp2t",
    "video/quicktime",
    "text/srt",
    "text/vtt",
    "model/gltf-binary",
    "model/vnd.usdz+zip",
]

CATEGORY_DOC = (
    "Use case of the media: tweet_image, tweet_gif, tweet_video, amplify_video, "
    "dm_image, dm_gif, dm_video or subtitles. Use dm_* for media sent in DMs."
)
ALT_TEXT = Annotated[
    str | None,
    Field(
        min_length=1,
        max_length=1000,
        description=(
            "Description of the image or GIF for screen readers, at most 1000 "
            "characters; set after the upload."
        ),
    ),
]


def _category_fits(category: str, media_type: str) -> bool:
    """Whether ``media_type`` is a file type the ``category`` accepts."""
    if media_type.startswith("model/"):
        return True  # 3D assets: no documented category, let X decide
    if category.endswith("_image"):
        return media_type.startswith("image/")
    if category.endswith("_gif"):
        return media_type == "image/gif"
    if category.endswith("_video"):
        return media_type.startswith("video/")
    return media_type in ("text/srt", "text/vtt")  # subtitles


def _check_pair(category: str | None, media_type: str | None) -> None:
    if category and media_type and not _category_fits(category, media_type):
        raise ValueError(
            f"'media_category' {category} does not accept 'media_type' {media_type}"
        )


def _size_limit(category: str | None, media_type: str | None) -> int | None:
    """X's size cap for this kind of media, when it can be told."""
    if (category or "").endswith("_video") or (media_type or "").startswith("video/"):
        return VIDEO_LIMIT
    if (category or "").endswith("_gif") or media_type == "image/gif":
        return GIF_LIMIT
    if (category or "").endswith("_image") or (media_type or "").startswith("image/"):
        return IMAGE_LIMIT
    return None


def _decoded_size(data: str) -> int:
    return len(data) * 3 // 4 - data[-2:].count("=")


def _check_base64(value: str, field: str, limit: int, hint: str) -> str:
    """Strip whitespace, cap the length, then validate strictly.

    The length is checked before decoding so that oversized input costs
    nothing; ``b64decode(validate=True)`` rejects stray characters and bad
    padding.
    """
    data = "".join(value.split())
    if not data:
        raise ValueError(f"'{field}' is empty")
    if len(data) > encoded_length(limit):
        raise ValueError(
            f"'{field}' is longer than {encoded_length(limit)} base64 characters "
            f"(over {limit // MB} MB decoded){hint}"
        )
    try:
        base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(
            f"'{field}' is not valid base64 (only A-Z a-z 0-9 + / with '=' "
            "padding to a multiple of 4 characters)"
        ) from None
    return data


def _split_data_url(data: Any, field: str) -> Any:
    """Turn ``data:<mime>;base64,<payload>`` into payload plus media_type."""
    if not isinstance(data, dict):
        return data
    raw = data.get(field)
    if not (isinstance(raw, str) and raw.lstrip().lower().startswith("data:")):
        return data
    header, comma, payload = raw.strip().partition(",")
    if not comma or not header.lower().endswith(";base64"):
        raise ValueError(
            f"'{field}' data: URL must have the form data:<mime type>;base64,<data>"
        )
    mime = header[5 : -len(";base64")].strip().lower()
    given = data.get("media_type")
    if mime and given and str(given).strip().lower() != mime:
        raise ValueError(
            f"'{field}' is a data: URL of type {mime} but 'media_type' is {given}"
        )
    out = {**data, field: payload}
    if mime and not given:
        out["media_type"] = mime
    return out


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def _media_source(value: Any) -> str | bytes:
    """A URL (http/https), a local file path, or raw bytes (Python callers)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        if not data:
            raise ValueError("'media' bytes are empty")
        return data
    if not isinstance(value, str):
        raise ValueError("'media' must be an http(s) URL or a local file path")
    value = value.strip()
    if not value:
        raise ValueError("'media' is empty")
    match = _SCHEME.match(value)
    if match and len(match.group(1)) > 1:  # one letter is a Windows drive
        scheme = match.group(1).lower()
        if scheme == "data":
            raise ValueError(
                "'media' does not take data: URLs; pass them as 'media_data' to "
                "twitter_media_upload_base64"
            )
        if scheme not in ("http", "https"):
            raise ValueError(
                f"'media' must be an http(s) URL or a local file path, not a "
                f"{scheme}: URL"
            )
        if not urlsplit(value).hostname:
            raise ValueError("'media' URL has no host name")
    return value


MediaSource = Annotated[
    str | bytes,
    PlainValidator(_media_source),
    WithJsonSchema({"type": "string", "minLength": 1}),
    Field(
        description=(
            "The file to upload: a public http(s) URL that xkit downloads, or a "
            "path to a local file (Python callers may also pass raw bytes)."
        ),
    ),
]


def _split_ids(value: Any) -> Any:
    if isinstance(value, str):
        return [p.strip() for p in value.split(",") if p.strip()]
    return value


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
        _check_pair(self.media_category, self.media_type)
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
        return _split_data_url(data, "media_data")

    @field_validator("media_data", check_fields=False)
    @classmethod
    def _base64(cls, value: str) -> str:
        return _check_base64(value, "media_data", cls.max_bytes, cls.too_big_hint)

    @model_validator(mode="after")
    def _fits(self) -> _Base64Upload:
        category = getattr(self, "media_category", None)
        _check_pair(category, self.media_type)
        limit = _size_limit(category, self.media_type)
        size = _decoded_size(getattr(self, "media_data", ""))
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
        BeforeValidator(_split_ids),
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
        _check_pair(self.media_category, self.media_type)
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
        return _check_base64(
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
