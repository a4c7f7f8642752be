"""Linux namespaces for the sandboxed child: hide instructor folders, cut the network.

Loaded by file path inside the child before any learner code runs, so it imports only the
standard library. `enter` moves the calling process into new mount, network, IPC and UTS
namespaces (and a user namespace when it is not root), then:

Blocks:
- reading the `masks` (instructor-only folders or files): each is covered by an empty
  read-only tmpfs, or by /dev/null for a file. `/proc/<pid>/root` of outside processes
  gives EACCES too, once `drop_to` has run or across the user namespace;
- seeing the other entries of the scratch folder's parent (other jobs' folders and output
  files in /tmp): the parent is covered by an empty read-only tmpfs, the scratch folder
  alone is mounted back into it;
- all networking, loopback included: the new network namespace has no interface up (as
  root, a zygote enters it once with `hold` and its jobs, one at a time, share it);
- System V IPC and POSIX message queues shared with other processes, and /dev/shm (a fresh
  64 MiB tmpfs);
- as root, a zygote builds the mounts once with `hold_mounts` and its jobs, one at a time,
  share them: a job's scratch folder and /dev/shm are then root's and sticky, so a job
  can only leave files in them, and `renew_if_used` replaces both with empty ones before
  the next job whenever it did;
- undoing any of this, once `drop_to` has run (as root) or at once (user namespace: every
  capability is dropped at the end of `enter`).

Does not block:
- any file that is not masked (Landlock does the allow-list), nor CPU, memory or process
  counts (rlimits and cgroups do);
- a process that stays root: root can unmount the masks. As root, call `drop_to` next;
- other PIDs: there is no PID namespace, so /proc still lists the host's processes.
"""

from __future__ import annotations

import ctypes
import os
import stat

__all__ = ["SHAREABLE", "available", "drop_to", "enter", "hold", "hold_mounts", "renew_if_used"]

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
_MASK_FLAGS = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC
_MNT_DETACH = 2
_SHM_OPTIONS = "size=64m,mode=1777"

# The namespaces a zygote may enter once for all its jobs, which run one after another: a job
# cannot change either (no capability once the uid is dropped), and nothing in them outlives
# its processes, which all end before the next job starts. Per job, a new network namespace
# costs about 1 ms to create and tear down, plus the kernel's deferred clean-up.
SHAREABLE = {"net": CLONE_NEWNET, "uts": CLONE_NEWUTS}
_HELD = {**SHAREABLE, "mnt": CLONE_NEWNS}  # and the mounts, built once by `hold_mounts`

_PR_CAPBSET_DROP, _PR_SET_NO_NEW_PRIVS = 24, 38
_CAPABILITY_VERSION_3 = 0x20080522

_libc = ctypes.CDLL(None, use_errno=True)


def available(root: bool) -> bool:
    """Whether `enter(root=root)` can work here, tried in a throw-away child process."""
    pid = os.fork()
    if pid == 0:
        try:
            _unshare(root)
            _mount(None, "/", None, MS_REC | MS_PRIVATE)
            _mount_empty("/")  # a path sure to exist, seen only in this child's namespace
            if not root:
                _drop_capabilities()
            os._exit(0)
        except BaseException:  # noqa: BLE001 - whatever failed, the answer is no
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def hold(names: list[str]) -> None:
    """As root, enter new namespaces among SHAREABLE once, for every job forked afterwards
    (which then pass them as `held` to `enter`)."""
    flags = 0
    for name in names:
        flags |= SHAREABLE[name]
    _check(_libc.unshare(flags), "unshare")


def enter(masks: list[str], *, root: bool, scratch: str, scratch_mb: int = 64,
          owner: tuple[int, int] | None = None, expose: list[str] | None = None,
          held: list[str] | None = None) -> None:
    """Hide `masks` and the scratch folder's siblings, cut the network; call first thing.

    The scratch folder becomes a fresh tmpfs of `scratch_mb` owned by `owner` (uid, gid), so
    learner code cannot fill a disk. `expose` lists folders a dropped uid must still read
    (the interpreter's prefix, say) that sit below a folder it cannot enter, as `/root`.
    `held` names the namespaces this process is already alone in with its zygote (`hold`,
    and "mnt" for `hold_mounts`: then the mounts are there, and only the scratch is entered).
    """
    held = held or []
    _unshare(root, held)
    if "mnt" in held:
        os.chdir(scratch)
        return
    _build(masks, scratch, scratch_mb, owner or (os.getuid(), os.getgid()), expose or [])
    if not root:
        _drop_capabilities()


def hold_mounts(masks: list[str], *, scratch: str, scratch_mb: int = 64,
                expose: list[str] | None = None) -> None:
    """As root, in a zygote: build once, in a mount namespace of its own, the mounts `enter`
    builds for a job, for every job forked afterwards (which pass "mnt" in `held`).

    Its jobs, one at a time, share the scratch folder and /dev/shm. Both are owned by root
    and sticky (mode 1777): a job with a dropped uid writes into them but cannot change
    them, so what it leaves is files, which `renew_if_used` finds before the next job."""
    _check(_libc.unshare(CLONE_NEWNS), "unshare")
    _build(masks, scratch, scratch_mb, (0, 0), expose or [], mode="1777")
    os.chdir("/")  # the zygote keeps no folder of its jobs' open


def renew_if_used(scratch: str, scratch_mb: int = 64) -> bool:
    """In a zygote that holds the mounts, once a job's processes are all gone: replace the
    scratch tmpfs and /dev/shm by empty ones if the job left anything in them (most jobs
    write nothing, and a look costs far less than a mount). True if anything was renewed."""
    renewed = False
    for path, options in ((scratch, _scratch_options(scratch_mb, (0, 0), "1777")),
                          ("/dev/shm", _SHM_OPTIONS)):
        if os.path.isdir(path) and not _untouched(path):
            _check(_libc.umount2(_bytes(path), _MNT_DETACH), f"umount2({path!r})")
            flags = MS_NOSUID | MS_NODEV | (MS_NOEXEC if path == scratch else 0)
            _mount("tmpfs", path, "tmpfs", flags, options)
            renewed = True
    return renewed


def _untouched(path: str) -> bool:
    info = os.stat(path)
    return (not os.listdir(path) and info.st_uid == 0 and info.st_gid == 0
            and stat.S_IMODE(info.st_mode) == 0o1777)


def _build(masks: list[str], scratch: str, scratch_mb: int, owner: tuple[int, int],
           expose: list[str], mode: str = "0700") -> None:
    _mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing below leaks to the host
    _expose(expose)
    _isolate(scratch, scratch_mb, owner, mode)
    for path in masks:
        _mask(path)
    if os.path.isdir("/dev/shm"):
        _mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, _SHM_OPTIONS)


def drop_to(uid: int, gid: int) -> None:
    """As root, become `uid`/`gid` for good: no groups, no capabilities, no way back."""
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)  # from uid 0 this also clears every capability
    if os.getresuid() != (uid, uid, uid) or os.getresgid() != (gid, gid, gid):
        raise OSError(f"namespaces: still running as {os.getresuid()}/{os.getresgid()} "
                      f"after dropping to {uid}/{gid}")
    # A set-user-ID program (mount, su...) could otherwise give root back.
    _check(_libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")


def _unshare(root: bool, held: list[str] | tuple[str, ...] = ()) -> None:
    uid, gid = os.geteuid(), os.getegid()  # afterwards they read 65534 until mapped
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
    for name in held:
        flags &= ~_HELD[name]
    _check(_libc.unshare(flags | (0 if root else CLONE_NEWUSER)), "unshare")
    if not root:
        _write("/proc/self/setgroups", "deny")  # required before an unprivileged gid_map
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")


def _isolate(scratch: str, size_mb: int, owner: tuple[int, int], mode: str = "0700") -> None:
    """Cover the scratch folder's parent with an empty tmpfs; the scratch becomes a small
    tmpfs of its own, so its siblings (other jobs) are out of sight and its size is capped."""
    scratch = os.path.realpath(scratch)
    parent = os.path.dirname(scratch)
    if parent == scratch or parent == "/" or not os.path.isdir(parent):
        return
    _mount("tmpfs", parent, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=16k,mode=0755")
    os.mkdir(scratch, 0o700)
    _mount("tmpfs", scratch, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
           _scratch_options(size_mb, owner, mode))
    _mount(None, parent, None, MS_REMOUNT | _MASK_FLAGS, "size=16k,mode=0755")
    os.chdir(scratch)  # the old working directory is now under the tmpfs


def _scratch_options(size_mb: int, owner: tuple[int, int], mode: str) -> str:
    return f"size={size_mb}m,nr_inodes=4096,mode={mode},uid={owner[0]},gid={owner[1]}"


def _expose(paths: list[str]) -> None:
    """Make `paths` reachable through ancestors that only their owner may enter (/root is
    0700): such an ancestor is covered by an empty tmpfs and each path is bound back into it,
    so nothing else below that ancestor becomes visible."""
    by_blocker: dict[str, list[str]] = {}
    for path in paths:
        real = os.path.realpath(path)
        blocker = _blocking_ancestor(real)
        if blocker is not None and os.path.isdir(real):
            by_blocker.setdefault(blocker, []).append(real)
    for blocker, reals in by_blocker.items():
        kept = [(real, os.open(real, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)) for real in reals]
        _mount("tmpfs", blocker, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0755")
        for real, fd in kept:
            os.makedirs(real, 0o755, exist_ok=True)
            _mount(f"/proc/self/fd/{fd}", real, None, MS_BIND | MS_REC)
            os.close(fd)
        _mount(None, blocker, None, MS_REMOUNT | _MASK_FLAGS, "size=64k,mode=0755")


def _blocking_ancestor(path: str) -> str | None:
    """The outermost folder above `path` that other users may not enter, if any."""
    parts = path.strip("/").split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        ancestor = "/" + "/".join(parts[:depth])
        if not os.stat(ancestor).st_mode & 0o001:
            return ancestor
    return None


def _mask(path: str) -> None:
    if os.path.isdir(path):
        _mount_empty(path)
    elif os.path.exists(path):
        # Reads give nothing; MS_NODEV is left out on purpose so that opening still works.
        _mount("/dev/null", path, None, MS_BIND)
        _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NOEXEC)


def _mount_empty(path: str) -> None:
    _mount("tmpfs", path, "tmpfs", _MASK_FLAGS, "size=4k,mode=0555")


def _drop_capabilities() -> None:
    """In a user namespace the process holds every capability over it until it execs."""
    with open("/proc/sys/kernel/cap_last_cap") as last:
        for capability in range(int(last.read()) + 1):
            _check(_libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0), "PR_CAPBSET_DROP")
    header = (ctypes.c_uint32 * 2)(_CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable: twice 32 bits, all 0
    _check(_libc.capset(header, data), "capset")


def _mount(source: str | None, target: str, fstype: str | None, flags: int,
           options: str | None = None) -> None:
    rc = _libc.mount(_bytes(source), _bytes(target), _bytes(fstype), ctypes.c_ulong(flags),
                     _bytes(options))
    _check(rc, f"mount({source!r}, {target!r}, {fstype!r}, {flags:#x})")


def _write(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def _bytes(text: str | None) -> bytes | None:
    return None if text is None else os.fsencode(text)


def _check(rc: int, what: str) -> None:
    if rc != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"namespaces: {what} failed: {os.strerror(code)}")
