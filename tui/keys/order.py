"""Every key acts in the order it was typed, however many arrive in one read.

Textual hands a key to the focused widget through that widget's message queue; a key the
widget does not take bubbles up, one queue at a time, to the screen and the app, and only
there do their bindings run. Meanwhile the app has already handed the next keys to the
focused widget: ``u`` typed before ``3`` could undo the 3, a digit typed after ``a`` would
start typing into the grid instead of the picker ``a`` opens, and keys typed after the Enter
that closes a dialog would go into the dialog being closed.

:class:`OrderedKeysApp` therefore hands the focused widget one key (or paste) at a time: the
next one goes out only once the previous one has been handled all the way up, with whatever
it posted on its way (an ``Input.Submitted``, the grid's edit), and, when it opened or closed
a screen, once that screen is ready for keys. A screen can also hold keys back while
something they depend on is under way (a week loading, the row just picked being added):
see :class:`KeyHolds`. Nothing is dropped; the wait for a hold is bounded so a hung network
never leaves the keyboard dead.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen

ReturnType = TypeVar("ReturnType")
T = TypeVar("T")

PASSES = 2
"""How many times a key's way up is walked before it counts as handled: the first walk sees
the key itself through; the second, what the key posted on its way (``Input.Submitted``,
the grid's ``EditSubmitted``), which queues behind the first walk."""

CHECK_SECONDS = 1.0
"""How often a key whose way up is still being walked is looked at: if the node holding the
walk's callback was removed meanwhile (its queue closed with the callback in it), the walk
goes on from the next node."""

GIVE_UP_SECONDS = 30.0
"""A key whose way up has not been seen through by then, on nodes that are all still there,
is taken as handled: a safety net against a handler that never returns, never the usual way.
Generous on purpose: on a loaded machine one key can take seconds, and handing out the next
key early is exactly the reordering this module exists to prevent."""

HOLD_SECONDS = 5.0
"""The longest keys wait for a hold (a slow week load) before they act anyway."""

Ordered = events.Key | events.Paste


class KeyHolds:
    """What a screen is waiting for before the keys typed after it may act.

    ``release = holds.hold()`` holds every key not yet handed out until ``release()``;
    :meth:`held` wraps a store intent so that keys wait for it to finish."""

    def __init__(self) -> None:
        self._open: set[asyncio.Event] = set()

    def hold(self) -> Callable[[], None]:
        done = asyncio.Event()
        self._open.add(done)

        def release() -> None:
            done.set()
            self._open.discard(done)

        return release

    def held(self, intent: Callable[[T], Awaitable[Any]]) -> Callable[[T], Awaitable[None]]:
        """``intent`` with the keys held from now until it has run (or failed)."""
        release = self.hold()

        async def run(target: T) -> None:
            try:
                await intent(target)
            finally:
                release()

        return run

    @property
    def holding(self) -> bool:
        return bool(self._open)

    async def wait(self) -> None:
        while self._open:
            await next(iter(self._open)).wait()


class HoldsKeys:
    """A screen that may hold keys back; the app looks for it on every screen of its stack."""

    key_holds: KeyHolds

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_holds = KeyHolds()


class OrderedKeysApp(App[ReturnType]):
    """An App that hands out keys and pastes strictly one after the other."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._waiting: deque[Ordered] = deque()
        self._in_flight: _Flight | None = None
        self._all_handled = asyncio.Event()
        self._all_handled.set()
        self._hold_task: asyncio.Task[None] | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, Ordered) and not event.is_forwarded:
            self._waiting.append(event)
            self._all_handled.clear()
            await self._hand_out()
            return
        await super().on_event(event)

    @property
    def keys_waiting(self) -> int:
        """Keys received and not yet handled (for tests and benches)."""
        return len(self._waiting) + (self._in_flight is not None)

    async def keys_handled(self) -> None:
        """Return once every key received so far has been handled (for tests and benches)."""
        await self._all_handled.wait()

    # ------------------------------------------------------------ one key at a time

    async def _hand_out(self) -> None:
        """Hand out the next key, if nothing is in flight and nothing holds keys back."""
        if self._in_flight is None and not self._waiting:
            self._all_handled.set()
        if not self._waiting or self._in_flight is not None or self._hold_task is not None:
            return
        if not self.screen_stack:
            self._waiting.clear()  # the app is closing: there is nothing left to type into
            self._all_handled.set()
            return
        if self._holding():
            self._hold_task = asyncio.create_task(self._wait_for_holds())
            return
        event = self._waiting.popleft()
        flight = self._in_flight = _Flight(self, event, self.focused or self.screen)
        try:
            await super().on_event(event)  # priority bindings, or on to the focused widget
        finally:
            if event.is_forwarded:
                flight.walk()
            else:  # a priority binding took it (it may have opened a screen)
                self.landed(flight)

    def landed(self, flight: _Flight) -> None:
        """``flight``'s key has been handled; once the screen it left or opened is ready,
        the next key goes out."""
        if self._in_flight is not flight:
            return  # already given up on by the safety net
        flight.cancel()
        screen = self.screen if self.screen_stack else flight.screen
        if screen is not flight.screen:
            # A screen was opened or closed: its first messages (compose, mount, resume, the
            # focus it asks for) go before the key that is typed into it.
            if not screen.call_later(self._after_screen, flight):
                self._after_screen(flight)
            return
        self._in_flight = None
        self.call_later(self._hand_out)

    def _after_screen(self, flight: _Flight) -> None:
        def next_key() -> None:
            if self._in_flight is flight:
                self._in_flight = None
            self.call_later(self._hand_out)

        if not self.call_later(next_key):
            next_key()

    # ------------------------------------------------------------ holds

    def _holding(self) -> bool:
        return any(isinstance(s, HoldsKeys) and s.key_holds.holding for s in self.screen_stack)

    async def _wait_for_holds(self) -> None:
        holds = [s.key_holds for s in self.screen_stack if isinstance(s, HoldsKeys)]
        try:
            await asyncio.wait_for(asyncio.gather(*(h.wait() for h in holds)), HOLD_SECONDS)
        except TimeoutError:
            self.log.warning("keys held too long; handing them out")
            for screen in self.screen_stack:
                if isinstance(screen, HoldsKeys):
                    screen.key_holds = KeyHolds()
        finally:
            self._hold_task = None
            self.call_later(self._hand_out)


class _Flight:
    """One key on its way up: walks a callback through the queue of every node the key
    passes (focused widget → its ancestors → screen → app), ``PASSES`` times."""

    def __init__(self, app: OrderedKeysApp[Any], event: Ordered, target: DOMNode) -> None:
        self.app = app
        self.event = event
        self.screen: Screen[Any] = app.screen
        chain: list[DOMNode] = []
        node: DOMNode | None = target
        while node is not None:
            chain.append(node)
            node = node.parent  # the node a key bubbles to next
        if not chain or chain[-1] is not app:
            chain.append(app)
        self.chain = chain
        self._watchdog: asyncio.TimerHandle | None = None
        self._at = 0
        self._waited = 0.0

    def walk(self) -> None:
        self._arm()
        self._step(0)

    def _arm(self) -> None:
        loop = asyncio.get_running_loop()
        self._watchdog = loop.call_later(CHECK_SECONDS, self._check)

    def _step(self, index: int) -> None:
        """Queue a callback on node ``index`` of the chain, ``PASSES`` times round."""
        total = len(self.chain) * PASSES
        while index < total:
            node = self.chain[index % len(self.chain)]
            if node.call_later(self._step, index + 1):
                self._at = index
                return
            index += 1  # a closing node runs nothing more: go on to the next
        self.app.landed(self)

    def _check(self) -> None:
        self._watchdog = None
        node = self.chain[self._at % len(self.chain)]
        if node is not self.app and (node._closing or node._closed or not node.is_attached):
            self._arm()
            self._step(self._at + 1)  # its queue went with it: on to the next node
            return
        self._waited += CHECK_SECONDS
        if self._waited >= GIVE_UP_SECONDS:
            self.app.log.warning(f"key {self.event!r} not seen through; handing out the next")
            self.app.landed(self)
            return
        self._arm()

    def cancel(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
