"""Handler wrappers: each call shape (unary/stream request x unary/stream response), plain or
``async def``, runs inside the call scope with its request decoded by the kit.

The asyncio server tells the shapes apart by the handler's kind, so each wrapper is of the
kind it wraps: ``async def`` handlers stay coroutines on the loop, async generators stay async
generators, and plain functions and generators stay plain (the server runs them in its
thread pool)."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from onewindow_kit.grpc_interceptor import CallPolicy, CallScope, is_abort
from onewindow_kit.grpc_server_decoding import (
    RequestLimits,
    checked,
    checked_each,
    checked_each_async,
    safe_deserializer,
)

_KINDS = ("unary_unary", "unary_stream", "stream_unary", "stream_stream")


def wrap_handler(handler: Any, method: str, policy: CallPolicy, limits: RequestLimits) -> Any:
    """``handler`` (a grpc.RpcMethodHandler) with its behaviour in the call scope and its
    request deserializer replaced by the kit's."""
    kind = next(k for k in _KINDS if getattr(handler, k) is not None)
    inner = getattr(handler, kind)
    wrapped = _wrapper(inner, handler.request_streaming, handler.response_streaming)
    return handler._replace(
        **{
            kind: wrapped(inner, method, policy, handler.request_streaming),
            "request_deserializer": safe_deserializer(handler.request_deserializer, limits),
        }
    )


def _wrapper(inner: Callable, request_streaming: bool, response_streaming: bool) -> Callable:
    if inspect.isasyncgenfunction(inner):
        return _async_generator
    if inspect.iscoroutinefunction(inner):  # unary response, or responses sent by context.write
        return _coroutine
    return _generator if response_streaming else _function


def _function(inner: Callable, method: str, policy: CallPolicy, streaming: bool) -> Callable:
    check = checked_each if streaming else checked

    def behaviour(request: Any, context: Any) -> Any:
        scope = CallScope(policy, method)
        tokens: list[Any] = []
        try:
            scope.enter(context, tokens)
            return inner(check(request), context)
        except BaseException as exc:
            if is_abort(exc):
                raise
            scope.fail(context, exc)
        finally:
            if tokens:
                scope.exit(tokens)

    return behaviour


def _generator(inner: Callable, method: str, policy: CallPolicy, streaming: bool) -> Callable:
    check = checked_each if streaming else checked

    def behaviour(request: Any, context: Any) -> Iterator[Any]:
        scope = CallScope(policy, method)
        tokens: list[Any] = []
        try:
            scope.enter(context, tokens)
            yield from inner(check(request), context)
        except BaseException as exc:
            if is_abort(exc) or isinstance(exc, GeneratorExit):
                raise
            scope.fail(context, exc)
        finally:
            if tokens:
                scope.exit(tokens)

    return behaviour


def _coroutine(inner: Callable, method: str, policy: CallPolicy, streaming: bool) -> Callable:
    check = checked_each_async if streaming else checked

    async def behaviour(request: Any, context: Any) -> Any:
        scope = CallScope(policy, method)
        tokens: list[Any] = []
        try:
            await scope.enter_async(context, tokens)
            return await inner(check(request), context)
        except BaseException as exc:
            if is_abort(exc) or isinstance(exc, asyncio.CancelledError):
                raise
            await scope.fail_async(context, exc)
        finally:
            if tokens:
                scope.exit(tokens)

    return behaviour


def _async_generator(inner: Callable, method: str, policy: CallPolicy, streaming: bool) -> Callable:
    check = checked_each_async if streaming else checked

    async def behaviour(request: Any, context: Any) -> AsyncIterator[Any]:
        scope = CallScope(policy, method)
        tokens: list[Any] = []
        try:
            await scope.enter_async(context, tokens)
            async for response in inner(check(request), context):
                yield response
        except BaseException as exc:
            if is_abort(exc) or isinstance(exc, (asyncio.CancelledError, GeneratorExit)):
                raise
            await scope.fail_async(context, exc)
        finally:
            if tokens:
                scope.exit(tokens)

    return behaviour
