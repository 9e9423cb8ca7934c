from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.access.world import ROLES, World


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def logged_in(status: int, anonymous: int = 302) -> dict[str, int]:
    return everyone(status) | {"anonymous": anonymous}


ALL_200 = everyone(200)


@dataclass
class Row:
    get: dict[str, int] | None
    post: dict[str, int] | None = None
    kwargs: Callable[[World], dict] = field(default=lambda world: {})
    post_data: Callable[[World], dict] = field(default=lambda world: {})
    state: str = "released"  # the round state the world is built in
    settings: dict = field(default_factory=dict)  # overridden for this row's requests
