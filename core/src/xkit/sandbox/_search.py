"""The search query language: a tokenizer and a recursive-descent parser.

Grammar (AND binds tighter than OR, as X documents)::

    query   := any ( "OR" any )*
    any     := unary+
    unary   := "-"? primary
    primary := "(" query ")" | '"phrase"' | operator | keyword

`compile_query` returns a predicate over `Tweet`; bad syntax or unknown operators
raise a 400 invalid-request `ApiError` like X's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ._errors import ApiError, invalid_request
from ._state import Tweet, World
from ._text import words

__all__ = ["Predicate", "compile_query"]

Predicate = Callable[[Tweet], bool]


@dataclass(slots=True)
class _Token:
    kind: str  # "(" | ")" | "-" | "OR" | "PHRASE" | "WORD"
    text: str
    position: int


def _error(message: str, query: str) -> ApiError:
    return invalid_request(
        f"There were errors processing your request: {message}", {"query": [query]}
    )


def _tokenize(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    index = 0
    while index < len(query):
        char = query[index]
        if char.isspace():
            index += 1
        elif char in "()":
            tokens.append(_Token(char, char, index))
            index += 1
        elif char == "-" and index + 1 < len(query) and not query[index + 1].isspace():
            tokens.append(_Token("-", char, index))
            index += 1
        elif char == '"':
            end = query.find('"', index + 1)
            if end < 0:
                raise _error(f"missing closing quote (at position {index + 1})", query)
            tokens.append(_Token("PHRASE", query[index + 1 : end], index))
            index = end + 1
        else:
            start = index
            while (
                index < len(query)
                and not query[index].isspace()
                and query[index] not in "()"
            ):
                if query[index] == '"' and query[start:index].endswith(":"):
                    end = query.find('"', index + 1)
                    if end < 0:
                        raise _error(
                            f"missing closing quote (at position {index + 1})", query
                        )
                    index = end
                index += 1
            text = query[start:index]
            tokens.append(_Token("OR" if text == "OR" else "WORD", text, start))
    return tokens


class _Parser:
    def __init__(self, query: str, world: World) -> None:
        self.query = query
        self.world = world
        self.tokens = _tokenize(query)
        self.index = 0
        self.positive = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def fail(self, token: _Token | None) -> ApiError:
        if token is None:
            return _error("unexpected end of query", self.query)
        where = f"(at position {token.position + 1})"
        return _error(
            f"no viable alternative at input '{token.text}' {where}", self.query
        )

    def parse(self) -> Predicate:
        if not self.tokens:
            raise _error("the query is empty", self.query)
        predicate = self.any_of()
        if self.peek() is not None:
            raise self.fail(self.peek())
        if not self.positive:
            raise _error(
                "a query needs at least one term that is not negated", self.query
            )
        return predicate

    def any_of(self) -> Predicate:
        options = [self.all_of()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.index += 1
            options.append(self.all_of())
        if len(options) == 1:
            return options[0]
        return lambda t: any(p(t) for p in options)

    def all_of(self) -> Predicate:
        parts: list[Predicate] = []
        while (token := self.peek()) is not None and token.kind not in {")", "OR"}:
            parts.append(self.unary())
        if not parts:
            raise self.fail(self.peek())
        if len(parts) == 1:
            return parts[0]
        return lambda t: all(p(t) for p in parts)

    def unary(self) -> Predicate:
        token = self.peek()
        if token is not None and token.kind == "-":
            self.index += 1
            positive = self.positive
            inner = self.primary()
            self.positive = positive
            return lambda t: not inner(t)
        return self.primary()

    def primary(self) -> Predicate:
        token = self.peek()
        if token is None or token.kind in {")", "OR", "-"}:
            raise self.fail(token)
        self.index += 1
        if token.kind == "(":
            inner = self.any_of()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise self.fail(closing)
            self.index += 1
            return inner
        self.positive += 1
        if token.kind == "PHRASE":
            return _phrase(token.text)
        return self.term(token)

    def term(self, token: _Token) -> Predicate:
        text = token.text
        if text.startswith("#") and len(text) > 1:
            return _entity("hashtags", "tag", text[1:])
        if text.startswith("$") and len(text) > 1:
            return _entity("cashtags", "tag", text[1:])
        if text.startswith("@") and len(text) > 1:
            return _entity("mentions", "username", text[1:])
        name, colon, value = text.partition(":")
        if colon and name and value and not name.startswith("http"):
            return self.operator(name.lower(), value.strip('"'), token)
        return _keyword(text)

    def user_ids(self, value: str) -> set[str]:
        if value.isdigit():
            return {value}
        user = self.world.user_by_username(value.lstrip("@"))
        return {user.id} if user else set()

    def operator(self, name: str, value: str, token: _Token) -> Predicate:
        world = self.world
        if name == "from":
            ids = self.user_ids(value)
            return lambda t: t.author_id in ids
        if name == "to":
            ids = self.user_ids(value)
            return lambda t: t.in_reply_to_user_id in ids
        if name == "retweets_of":
            ids = self.user_ids(value)
            return lambda t: (
                bool(t.retweeted_tweet_id)
                and (
                    world.tweets.get(t.retweeted_tweet_id or "") is not None
                    and world.tweets[t.retweeted_tweet_id or ""].author_id in ids
                )
            )
        if name == "lang":
            return lambda t: t.lang == value.lower()
        if name == "conversation_id":
            return lambda t: t.conversation_id == value
        if name == "url":
            return lambda t: any(
                value.lower() in u.get("expanded_url", "").lower()
                for u in t.entities.get("urls", [])
            )
        if name == "is" and value in _IS:
            check = _IS[value]
            return lambda t: check(t, world)
        if name == "has" and value in _HAS:
            check = _HAS[value]
            return lambda t: check(t, world)
        where = f"(at position {token.position + 1})"
        raise _error(
            f"Reference to invalid operator '{name}:{value}' {where}", self.query
        )


def _keyword(word: str) -> Predicate:
    lowered = word.lower()
    if lowered.isalnum() and lowered.isascii():
        return lambda t: lowered in words(t.text)
    return lambda t: lowered in t.text.lower()


def _phrase(phrase: str) -> Predicate:
    wanted = " ".join(phrase.lower().split())
    return lambda t: wanted in " ".join(t.text.lower().split())


def _entity(kind: str, key: str, value: str) -> Predicate:
    wanted = value.lower()
    return lambda t: any(e[key].lower() == wanted for e in t.entities.get(kind, []))


_IS: dict[str, Callable[[Tweet, World], bool]] = {
    "retweet": lambda t, w: t.retweeted_tweet_id is not None,
    "reply": lambda t, w: t.in_reply_to_tweet_id is not None,
    "quote": lambda t, w: t.quoted_tweet_id is not None,
    "verified": lambda t, w: w.users[t.author_id].verified,
    "nullcast": lambda t, w: False,
}
_HAS: dict[str, Callable[[Tweet, World], bool]] = {
    "media": lambda t, w: bool(t.media_keys),
    "images": lambda t, w: any(
        w.media[k].type == "photo" for k in t.media_keys if k in w.media
    ),
    "video_link": lambda t, w: any(
        w.media[k].type == "video" for k in t.media_keys if k in w.media
    ),
    "links": lambda t, w: "urls" in t.entities,
    "hashtags": lambda t, w: "hashtags" in t.entities,
    "mentions": lambda t, w: "mentions" in t.entities,
    "cashtags": lambda t, w: "cashtags" in t.entities,
    "geo": lambda t, w: t.place_id is not None,
}


def compile_query(query: str, world: World) -> Predicate:
    """Parse `query` into a predicate; raises a 400 `ApiError` on bad syntax."""
    return _Parser(query, world).parse()
