"""What the status bar says of a sync run in progress, and of one that stopped: how much of
what was waiting has gone, the bytes on the wire, the time left at the measured rate, and
how far a stopped run got (the next "Sync now" goes on from there)."""

from __future__ import annotations

from desktop import i18n
from desktop.i18n import _
from desktop.sync.client.progress import WORTH_SAYING, SyncProgress


def size_text(count: float) -> str:
    """Bytes as a person reads them: 950 B, 34 KB, 1,2 MB (a decimal comma in both
    languages)."""
    if count < 1000:
        return _("{size} B").format(size=int(count))
    if count < 1_000_000:
        return _("{size} KB").format(size=i18n.format_count(round(count / 1000)))
    return _("{size} MB").format(size=f"{count / 1_000_000:.1f}".replace(".", ","))


def duration_text(seconds: float) -> str:
    """45 s, 2 min 05 s, 1 h 20 min."""
    whole = max(1, round(seconds))
    if whole < 60:
        return _("{seconds} s").format(seconds=whole)
    if whole < 3600:
        return _("{minutes} min {seconds} s").format(minutes=whole // 60,
                                                     seconds=f"{whole % 60:02d}")
    return _("{hours} h {minutes} min").format(hours=whole // 3600,
                                               minutes=f"{whole % 3600 // 60:02d}")


def _wire(progress: SyncProgress) -> list[str]:
    """On a slow link the time left (first: it is what a small screen keeps), then the
    bytes so far and, on a slow link, the rate."""
    moved = progress.bytes_sent + progress.bytes_received
    if not moved:
        return []
    slow = progress.seconds_left is not None and progress.seconds_left >= WORTH_SAYING
    parts = [_("about {time} left").format(time=duration_text(progress.seconds_left or 0))] \
        if slow else []
    parts.append(_("Over the network: {size}").format(size=size_text(moved)))
    if slow and progress.rate:
        parts.append(_("{size}/s").format(size=size_text(progress.rate)))
    return parts


def running_text(progress: SyncProgress) -> str:
    """The status bar during a run."""
    parts = [_("Continuing where the last sync stopped")] if progress.resumed else []
    if progress.phase == "push" and progress.to_send:
        parts.append(_("Sending changes: {done} of {total}").format(
            done=i18n.format_count(min(progress.sent, progress.to_send)),
            total=i18n.format_count(progress.to_send)))
    elif progress.phase == "pull" and progress.to_receive is not None:
        parts.append(_("Receiving changes: {done} of {total}").format(
            done=i18n.format_count(progress.received),
            total=i18n.format_count(progress.to_receive)))
    elif progress.phase == "pull":
        parts.append(_("Receiving changes: {count}").format(
            count=i18n.format_count(progress.received)))
    elif progress.phase == "check":
        parts.append(_("Checking the data against the district server…"))
    else:
        parts.append(_("Synchronization in progress…"))
    return " · ".join(parts + _wire(progress))


def stopped_text(progress: SyncProgress | None) -> str:
    """How far a run that stopped got, or "" when it got nowhere (nothing sent or
    received)."""
    if progress is None or not (progress.sent or progress.received):
        return ""
    done: list[str] = []
    if progress.applications_to_send:  # the changes, and the applications among them
        done.append(_("sent {done} of {total} changes (applications: {applications} of "
                      "{all_applications})").format(
            done=i18n.format_count(progress.sent), total=i18n.format_count(progress.to_send),
            applications=i18n.format_count(progress.applications_sent),
            all_applications=i18n.format_count(progress.applications_to_send)))
    elif progress.to_send:
        done.append(_("sent {done} of {total} changes").format(
            done=i18n.format_count(progress.sent), total=i18n.format_count(progress.to_send)))
    if progress.to_receive is not None:
        done.append(_("received {done} of {total} records").format(
            done=i18n.format_count(progress.received),
            total=i18n.format_count(progress.to_receive)))
    elif progress.received:
        done.append(_("received {count} records").format(
            count=i18n.format_count(progress.received)))
    return " · ".join([_("Done before it stopped: {what}").format(what="; ".join(done)),
                       _("“Sync now” goes on from there")])
