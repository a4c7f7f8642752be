"""Linux namespaces for the sandboxed child: an allow-list view of the files, no network.

Loaded by file path inside the child before any learner code runs, so it imports only the
standard library. `enter` moves the calling process into new mount, network, IPC and UTS
namespaces (and a user namespace when it is not root), then builds the job's view of the
file system, as bubblewrap does: a fresh tmpfs becomes the root, holding only

- the `view` paths (the system folders and files Python needs, the interpreter's folders),
  bound read-only, and symbolic links as they are (/lib -> usr/lib);
- /proc, and a minimal /dev: null, zero, full, random, urandom, fd, stdin, stdout, stderr,
  and a private /dev/shm (a small tmpfs);
- the scratch folder, at its own path: a small tmpfs, the only writable place;

and the old root is detached, so nothing else is reachable by any path. Ancestors of these
paths are plain folders of the new root (mode 0755), so a folder only its owner may enter on
the host (/root) no longer hides the interpreter from a dropped uid.

Blocks:
- reaching anything outside the view: /run, /var/run, /tmp outside the scratch folder, home
  folders, the user's runtime folder (/run/user/<uid>) and every Unix socket file in them
  (the D-Bus buses, /dev/log, databases), other jobs' folders and output files;
- reading the `masks` (instructor-only folders or files) should one lie inside the view:
  each is covered by an empty read-only tmpfs, or by /dev/null for a file;
- filling memory through the writable mounts: each tmpfs has a size and a number of inodes
  (files, folders, links), so the kernel memory a job can pin there is bounded;
- all networking, loopback included: the new network namespace has no interface up (as
  root, a zygote enters it once with `hold` and its jobs, one at a time, share it);
- System V IPC and POSIX message queues shared with other processes;
- as root, a zygote builds the view once with `hold_mounts` and its jobs, one at a time,
  share it: a job's scratch folder and /dev/shm are then root's and sticky, so a job
  can only leave files in them, and `renew_if_used` replaces both with empty ones before
  the next job whenever it did;
- undoing any of this, once `drop_to` has run (as root) or at once (user namespace: every
  capability is dropped at the end of `enter`).

Does not block:
- what the view holds (Landlock narrows it further), nor CPU, memory or process counts
  (rlimits and cgroups do);
- a process that stays root: root can unmount the masks. As root, call `drop_to` next;
- other PIDs: there is no PID namespace, so /proc still lists the host's processes (their
  `root` links are closed to a dropped uid and across the user namespace).
"""

from __future__ import annotations

import ctypes
import os
import stat
import struct

__all__ = [
    "DEVICES",
    "SHAREABLE",
    "available",
    "drop_to",
    "enter",
    "hold",
    "hold_mounts",
    "renew_if_used",
]

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
_MASK_FLAGS = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC
_MNT_DETACH = 2
# Every tmpfs a job can write to is bounded in bytes and in inodes: an empty file costs no
# bytes but pins kernel memory (its inode and name), charged to the job's memory cgroup.
INODES = 4096
SHM_MB = 64
_SHM_OPTIONS = f"size={SHM_MB}m,nr_inodes={INODES},mode=1777"
# The new root only holds the folders the view needs; it is read-only once built.
_ROOT_OPTIONS = "size=1m,nr_inodes=1024,mode=0755"
# Where the new root is built before it becomes "/": any folder will do, since every path
# the view binds is opened before anything is mounted over it.
_BUILD_AT = "/tmp"

# The devices a job may open; the rest of /dev is not in its view.
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")
_DEV_LINKS = {
    "/dev/fd": "/proc/self/fd",
    "/dev/stdin": "/proc/self/fd/0",
    "/dev/stdout": "/proc/self/fd/1",
    "/dev/stderr": "/proc/self/fd/2",
}

# The namespaces a zygote may enter once for all its jobs, which run one after another: a job
# cannot change either (no capability once the uid is dropped), and nothing in them outlives
# its processes, which all end before the next job starts. Per job, a new network namespace
# costs about 1 ms to create and tear down, plus the kernel's deferred clean-up.
SHAREABLE = {"net": CLONE_NEWNET, "uts": CLONE_NEWUTS}
_HELD = {**SHAREABLE, "mnt": CLONE_NEWNS}  # and the mounts, built once by `hold_mounts`

_PR_CAPBSET_DROP, _PR_SET_NO_NEW_PRIVS = 24, 38
_CAPABILITY_VERSION_3 = 0x20080522
_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}
_MOUNT_SETATTR, _AT_FDCWD, _AT_RECURSIVE = 442, -100, 0x8000
_ATTR_RDONLY, _ATTR_NOSUID, _ATTR_NODEV = 0x1, 0x2, 0x4

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def available(root: bool) -> bool:
    """Whether `enter(root=root)` can work here, tried in a throw-away child process."""
    pid = os.fork()
    if pid == 0:
        try:
            _unshare(root)
            _build([], f"{_BUILD_AT}/grader-probe", 1, (os.getuid(), os.getgid()), ["/usr"])
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


def enter(
    masks: list[str],
    *,
    root: bool,
    scratch: str,
    scratch_mb: int = 64,
    owner: tuple[int, int] | None = None,
    view: list[str] | None = None,
    held: list[str] | None = None,
) -> None:
    """Cut the network and see only `view` and the scratch folder; call first thing.

    The scratch folder becomes a fresh tmpfs of `scratch_mb` owned by `owner` (uid, gid), so
    learner code cannot fill a disk. `held` names the namespaces this process is already
    alone in with its zygote (`hold`, and "mnt" for `hold_mounts`: then the view is there,
    and only the scratch is entered).
    """
    held = held or []
    _unshare(root, held)
    if "mnt" in held:
        os.chdir(scratch)
        return
    _build(masks, scratch, scratch_mb, owner or (os.getuid(), os.getgid()), view or [])
    if not root:
        _drop_capabilities()


def hold_mounts(
    masks: list[str], *, scratch: str, scratch_mb: int = 64, view: list[str] | None = None
) -> None:
    """As root, in a zygote: build once, in a mount namespace of its own, the view `enter`
    builds for a job, for every job forked afterwards (which pass "mnt" in `held`). The
    zygote then lives in that view too: it must have loaded all it needs beforehand.

    Its jobs, one at a time, share the scratch folder and /dev/shm. Both are owned by root
    and sticky (mode 1777): a job with a dropped uid writes into them but cannot change
    them, so what it leaves is files, which `renew_if_used` finds before the next job."""
    _check(_libc.unshare(CLONE_NEWNS), "unshare")
    _build(masks, scratch, scratch_mb, (0, 0), view or [], mode="1777")
    os.chdir("/")  # the zygote keeps no folder of its jobs' open


def renew_if_used(scratch: str, scratch_mb: int = 64) -> bool:
    """In a zygote that holds the mounts, once a job's processes are all gone: replace the
    scratch tmpfs and /dev/shm by empty ones if the job left anything in them (most jobs
    write nothing, and a look costs far less than a mount). True if anything was renewed."""
    renewed = False
    for path, options in (
        (scratch, _scratch_options(scratch_mb, (0, 0), "1777")),
        ("/dev/shm", _SHM_OPTIONS),
    ):
        if os.path.isdir(path) and not _untouched(path):
            _check(_libc.umount2(_bytes(path), _MNT_DETACH), f"umount2({path!r})")
            flags = MS_NOSUID | MS_NODEV | (MS_NOEXEC if path == scratch else 0)
            _mount("tmpfs", path, "tmpfs", flags, options)
            renewed = True
    return renewed


def _untouched(path: str) -> bool:
    info = os.stat(path)
    return (
        not os.listdir(path)
        and info.st_uid == 0
        and info.st_gid == 0
        and stat.S_IMODE(info.st_mode) == 0o1777
    )


def _build(
    masks: list[str],
    scratch: str,
    scratch_mb: int,
    owner: tuple[int, int],
    view: list[str],
    mode: str = "0700",
) -> None:
    umask = os.umask(0o022)  # the new root's folders must be open to a dropped uid
    try:
        _build_view(masks, scratch, scratch_mb, owner, view, mode)
    finally:
        os.umask(umask)


def _build_view(
    masks: list[str],
    scratch: str,
    scratch_mb: int,
    owner: tuple[int, int],
    view: list[str],
    mode: str,
) -> None:
    _mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing below leaks to the host
    scratch = os.path.realpath(scratch)
    bound = _open_all(view)  # before anything hides them
    writable = _open_all(["/proc", *DEVICES])  # their own permissions govern them
    try:
        _mount("tmpfs", _BUILD_AT, "tmpfs", MS_NOSUID | MS_NODEV, _ROOT_OPTIONS)
        for path, source in bound + writable:  # every mount point first, then the binds
            _make_place(_BUILD_AT + path, source)
        for link, target in _DEV_LINKS.items():
            os.symlink(target, _BUILD_AT + link)
        os.makedirs(_BUILD_AT + "/dev/shm", 0o755)
        os.makedirs(_BUILD_AT + scratch, 0o755, exist_ok=True)
        _bind_all(bound)
        # The new root and the view's folders, read-only at once: one call, not one a mount.
        _set_attributes(_BUILD_AT, _ATTR_RDONLY | _ATTR_NOSUID | _ATTR_NODEV, recursive=True)
        _bind_all(writable)  # /proc: a job sets its own oom_score_adj; devices: /dev/null
    finally:
        for _, source in bound + writable:
            if isinstance(source, int):
                os.close(source)
    _mount("tmpfs", _BUILD_AT + "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, _SHM_OPTIONS)
    _mount(
        "tmpfs",
        _BUILD_AT + scratch,
        "tmpfs",
        MS_NOSUID | MS_NODEV | MS_NOEXEC,
        _scratch_options(scratch_mb, owner, mode),
    )
    _pivot(_BUILD_AT)
    for path in masks:
        _mask(path)  # only one inside a bound folder is there to mask
    os.chdir(scratch)


Source = int | str  # an O_PATH descriptor of what to bind, or the target of a link to copy


def _open_all(paths: list[str]) -> list[tuple[str, Source]]:
    """Each path of the view that exists, where it goes in the new root and what goes there.
    A symbolic link is copied as a link, so its target must be in the view too."""
    found: dict[str, Source] = {}
    for path in paths:
        place = os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))
        if place in found or not os.path.lexists(place):
            continue
        if os.path.islink(place):
            found[place] = os.readlink(place)
        else:
            found[place] = os.open(place, os.O_PATH | os.O_CLOEXEC)
    return sorted(found.items())


def _make_place(target: str, source: Source) -> None:
    """The mount point for `source` in the new root (or the link itself)."""
    if os.path.lexists(target):
        return
    os.makedirs(os.path.dirname(target), 0o755, exist_ok=True)
    if isinstance(source, str):
        os.symlink(source, target)
    elif stat.S_ISDIR(os.fstat(source).st_mode):
        os.mkdir(target, 0o755)
    else:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644))


def _bind_all(places: list[tuple[str, Source]]) -> None:
    for path, source in places:  # in order: a folder before the folders bound inside it
        if isinstance(source, int):
            _mount(f"/proc/self/fd/{source}", _BUILD_AT + path, None, MS_BIND | MS_REC)


def _pivot(new_root: str) -> None:
    """Make `new_root` (a mount point) the root of this mount namespace and detach the old
    one, which pivot_root(".", ".") stacks on top of the new one (as runc does)."""
    os.chdir(new_root)
    number = _PIVOT_ROOT[os.uname().machine]
    _check(_libc.syscall(number, b".", b"."), "pivot_root")
    _check(_libc.umount2(b".", _MNT_DETACH), "umount2(old root)")
    os.chdir("/")


def _set_attributes(path: str, attributes: int, *, recursive: bool) -> None:
    # struct mount_attr {u64 attr_set, attr_clr, propagation, userns_fd}: in a user namespace,
    # this adds flags without touching the ones the kernel locked (a remount would have to
    # repeat each of them exactly).
    attr = ctypes.create_string_buffer(struct.pack("=QQQQ", attributes, 0, 0, 0), 32)
    flags = _AT_RECURSIVE if recursive else 0
    rc = _libc.syscall(
        _MOUNT_SETATTR, _AT_FDCWD, _bytes(path), ctypes.c_uint(flags), attr, ctypes.c_size_t(32)
    )
    _check(int(rc), f"mount_setattr({path!r})")


def drop_to(uid: int, gid: int) -> None:
    """As root, become `uid`/`gid` for good: no groups, no capabilities, no way back."""
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)  # from uid 0 this also clears every capability
    if os.getresuid() != (uid, uid, uid) or os.getresgid() != (gid, gid, gid):
        raise OSError(
            f"namespaces: still running as {os.getresuid()}/{os.getresgid()} "
            f"after dropping to {uid}/{gid}"
        )
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


def _scratch_options(size_mb: int, owner: tuple[int, int], mode: str) -> str:
    return f"size={size_mb}m,nr_inodes={INODES},mode={mode},uid={owner[0]},gid={owner[1]}"


def _mask(path: str) -> None:
    if os.path.isdir(path):
        _mount_empty(path)
    elif os.path.exists(path):
        # Reads give nothing; MS_NODEV is left out on purpose so that opening still works.
        _mount("/dev/null", path, None, MS_BIND)
        _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NOEXEC)


def _mount_empty(path: str) -> None:
    _mount("tmpfs", path, "tmpfs", _MASK_FLAGS, "size=4k,nr_inodes=1,mode=0555")


def _drop_capabilities() -> None:
    """In a user namespace the process holds every capability over it until it execs."""
    with open("/proc/sys/kernel/cap_last_cap") as last:
        for capability in range(int(last.read()) + 1):
            _check(_libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0), "PR_CAPBSET_DROP")
    header = (ctypes.c_uint32 * 2)(_CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable: twice 32 bits, all 0
    _check(_libc.capset(header, data), "capset")


def _mount(
    source: str | None, target: str, fstype: str | None, flags: int, options: str | None = None
) -> None:
    rc = _libc.mount(
        _bytes(source), _bytes(target), _bytes(fstype), ctypes.c_ulong(flags), _bytes(options)
    )
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
