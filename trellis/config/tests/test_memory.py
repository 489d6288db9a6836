"""A server worker freezes what it holds for good: at start, and after its first requests warm it up."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from django.core.signals import request_finished
from django.test import Client

from trellis.config import memory

SIGN_IN = "/account/sign-in/"


@pytest.fixture
def worker(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(memory, "_served", 0)
    memory.settle_worker()
    yield
    request_finished.disconnect(dispatch_uid="trellis.config.memory")


def _kept_for_good() -> list[object]:
    holder: list[object] = []
    holder.append(holder)  # a container the collector tracks (and would walk on every full collection)
    return holder


def _walked(obj: object) -> bool:
    return any(o is obj for o in gc.get_objects())


def test_what_a_worker_holds_at_start_is_not_walked_again(worker: None) -> None:
    before = _kept_for_good()
    memory.freeze_long_lived()
    assert not _walked(before) and gc.is_tracked(before)


@pytest.mark.django_db
def test_what_the_first_requests_build_is_frozen_after_them_and_not_after_every_request(worker: None) -> None:
    client = Client()
    built_by_first = _kept_for_good()
    assert client.get(SIGN_IN).status_code == 200
    assert memory._served == 1
    assert not _walked(built_by_first)  # frozen after the first request
    built_later = _kept_for_good()
    for _ in range(8):
        client.get(SIGN_IN)
    assert memory._served == 9
    assert _walked(built_later)  # requests 2-9 freeze nothing
    client.get(SIGN_IN)
    assert not _walked(built_later)  # the tenth does


class _Node:
    me: object


def test_garbage_is_collected_before_a_freeze_not_kept_forever(worker: None) -> None:
    node = _Node()
    node.me = node  # unreachable once dropped, but a cycle: only the collector frees it
    gone = weakref.ref(node)
    del node
    memory.freeze_long_lived()
    assert gone() is None
