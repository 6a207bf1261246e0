"""How long a log-in waits after failed passwords: slowed, never locked out.

Two counts are kept (``civic.auth.throttle``): the failures for one account from one
client, and, as a backstop, the failures for one account from every client the
account has not logged in from before. Each count lets a few failures through at
once (anyone mistypes), then makes the next try wait, twice as long after each
further failure, never longer than a ceiling: an attacker is slowed to a handful of
guesses an hour, and since the owner's own browser is counted apart, nobody can lock
a resident out by guessing at their address. A count is forgotten after a quiet
period without failures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ThrottleRule:
    free_failures: int
    first_wait: timedelta
    longest_wait: timedelta
    forget_after: timedelta

    def wait_after(self, failures: int) -> timedelta:
        """The wait before the next try once ``failures`` failures are counted."""
        beyond = failures - self.free_failures
        if beyond < 0:
            return timedelta(0)
        wait = self.first_wait
        for _ in range(min(beyond, 64)):
            if wait >= self.longest_wait:
                break
            wait *= 2
        return min(wait, self.longest_wait)

    def failures_counted(self, previous: int, last_failed_at: datetime, now: datetime) -> int:
        """The count after one more failure at ``now``: a quiet period starts it again."""
        if now - last_failed_at >= self.forget_after:
            return 1
        return previous + 1


def seconds_to_wait(wait_until: datetime | None, now: datetime) -> int:
    """Whole seconds before the next try is taken (0: now), rounded up so that a
    client told to wait N seconds is never refused again when it comes back."""
    if wait_until is None or wait_until <= now:
        return 0
    left = wait_until - now
    return left.days * 86400 + left.seconds + (1 if left.microseconds else 0)
