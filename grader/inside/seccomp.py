"""A seccomp filter for the sandboxed child: no network sockets, no kernel attack surface.

A hand-written classic BPF program, loaded with the seccomp(2) syscall through ctypes (no
libseccomp, nothing but the standard library, because the child loads this file by path).

Blocks, for the calling process and everything it starts afterwards:
- any system call made through a foreign ABI (i386 `int 0x80`, x32): the process is killed;
- `socket` / `socketpair` of any family but AF_UNIX: EACCES (TCP, UDP, raw, netlink...);
- without `unix_sockets` (a job with no mount namespace, which could reach every socket
  file of the host): `socket` of any family, so only `socketpair` makes sockets;
- debugging and reading other processes (ptrace, process_vm_*), mounting and namespaces
  (mount, umount2, pivot_root, chroot, unshare, setns, the new mount API, and `clone` with a
  CLONE_NEW* flag), bpf, keyrings, io_uring, perf_event_open, userfaultfd, kernel modules,
  kexec, file handles, reboot, swap, acct and quotactl: EPERM;
- clone3: ENOSYS, so that glibc falls back to `clone`, whose flags a filter can read.

Does not block: files (Landlock and the mount namespace do that), AF_UNIX socket pairs (so
multiprocessing works) and AF_UNIX sockets unless told, `connect`/`sendto` on a socket
opened before `install`, fork, threads, exec, memory or CPU use (rlimits do that).
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import struct

__all__ = ["available", "install"]

_PR_SET_NO_NEW_PRIVS = 38
_SET_MODE_FILTER, _GET_ACTION_AVAIL = 1, 2
_FILTER_FLAG_TSYNC = 1  # filter every thread of the process, not only the caller

_RET_KILL_PROCESS, _RET_ERRNO, _RET_ALLOW = 0x80000000, 0x00050000, 0x7FFF0000

# Classic BPF opcodes (linux/filter.h).
_LD_W_ABS, _JEQ_K, _JGE_K, _JSET_K, _RET_K = 0x20, 0x15, 0x35, 0x45, 0x06

# Offsets in struct seccomp_data {int nr; u32 arch; u64 ip; u64 args[6];}, little-endian.
_NR, _ARCH, _ARG0_LOW = 0, 4, 16

_AF_UNIX = 1
_X32_SYSCALL_BIT = 0x40000000
_CLONE_NEW_FLAGS = (
    0x00020000
    | 0x02000000
    | 0x04000000
    | 0x08000000  # NS CGROUP UTS IPC
    | 0x10000000
    | 0x20000000
    | 0x40000000
    | 0x00000080
)  # USER PID NET TIME

# System calls whose numbers differ between the two architectures.
_ARCHES = {
    "x86_64": {
        "audit_arch": 0xC000003E,
        "seccomp": 317,
        "socket": 41,
        "socketpair": 53,
        "clone": 56,
        "ptrace": 101,
        "process_vm_readv": 310,
        "process_vm_writev": 311,
        "mount": 165,
        "umount2": 166,
        "pivot_root": 155,
        "chroot": 161,
        "unshare": 272,
        "setns": 308,
        "bpf": 321,
        "keyctl": 250,
        "add_key": 248,
        "request_key": 249,
        "perf_event_open": 298,
        "userfaultfd": 323,
        "kexec_load": 246,
        "kexec_file_load": 320,
        "init_module": 175,
        "finit_module": 313,
        "delete_module": 176,
        "open_by_handle_at": 304,
        "name_to_handle_at": 303,
        "reboot": 169,
        "swapon": 167,
        "swapoff": 168,
        "acct": 163,
        "quotactl": 179,
    },
    "aarch64": {
        "audit_arch": 0xC00000B7,
        "seccomp": 277,
        "socket": 198,
        "socketpair": 199,
        "clone": 220,
        "ptrace": 117,
        "process_vm_readv": 270,
        "process_vm_writev": 271,
        "mount": 40,
        "umount2": 39,
        "pivot_root": 41,
        "chroot": 51,
        "unshare": 97,
        "setns": 268,
        "bpf": 280,
        "keyctl": 219,
        "add_key": 217,
        "request_key": 218,
        "perf_event_open": 241,
        "userfaultfd": 282,
        "kexec_load": 104,
        "kexec_file_load": 294,
        "init_module": 105,
        "finit_module": 273,
        "delete_module": 106,
        "open_by_handle_at": 265,
        "name_to_handle_at": 264,
        "reboot": 142,
        "swapon": 224,
        "swapoff": 225,
        "acct": 89,
        "quotactl": 60,
    },
}
# Newer system calls share one number on every architecture.
_COMMON = {
    "io_uring_setup": 425,
    "io_uring_enter": 426,
    "io_uring_register": 427,
    "open_tree": 428,
    "move_mount": 429,
    "fsopen": 430,
    "fsconfig": 431,
    "fsmount": 432,
    "fspick": 433,
    "clone3": 435,
    "mount_setattr": 442,
    "quotactl_fd": 443,
}
_DENIED = (
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "unshare",
    "setns",
    "open_tree",
    "move_mount",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    "bpf",
    "keyctl",
    "add_key",
    "request_key",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "perf_event_open",
    "userfaultfd",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "open_by_handle_at",
    "name_to_handle_at",
    "reboot",
    "swapon",
    "swapoff",
    "acct",
    "quotactl",
    "quotactl_fd",
)

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def available() -> bool:
    """Whether this kernel can load the filter, without loading anything in this process."""
    numbers = _ARCHES.get(_machine())
    if numbers is None:
        return False
    for action in (_RET_ERRNO, _RET_KILL_PROCESS):
        value = ctypes.c_uint32(action)
        if _libc.syscall(numbers["seccomp"], _GET_ACTION_AVAIL, 0, ctypes.byref(value)) != 0:
            return False
    return True


def install(deny_network: bool = True, unix_sockets: bool = True) -> None:
    """Load the filter into this process (all its threads) and everything it starts later.
    Without `unix_sockets`, no socket can be made at all, only socket pairs: nothing to
    connect to a socket file with."""
    seccomp, fprog, _ = prepared(deny_network, unix_sockets)
    if _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        _fail("prctl(PR_SET_NO_NEW_PRIVS)")
    if _libc.syscall(seccomp, _SET_MODE_FILTER, _FILTER_FLAG_TSYNC, ctypes.byref(fprog)) != 0:
        _fail("seccomp(SECCOMP_SET_MODE_FILTER)")


@functools.cache
def prepared(
    deny_network: bool,
    unix_sockets: bool = True,
) -> tuple[int, _SockFprog, ctypes.Array[ctypes.c_char]]:
    """The seccomp system call's number and the filter, ready to load (with the buffer it
    points into); built once per process: a zygote builds it before forking, so that a job
    spends its time on loading the filter, not on building it."""
    code = program_bytes(deny_network, unix_sockets)
    buffer = ctypes.create_string_buffer(code, len(code))
    fprog = _SockFprog(len(code) // _INSTRUCTION.size, ctypes.addressof(buffer))
    return _syscall_numbers()["seccomp"], fprog, buffer


_INSTRUCTION = struct.Struct("=HBBI")  # struct sock_filter


@functools.cache
def program_bytes(deny_network: bool, unix_sockets: bool = True) -> bytes:
    """The filter as the kernel reads it."""
    program = _program(_syscall_numbers(), deny_network, unix_sockets)
    return b"".join(_INSTRUCTION.pack(*instruction) for instruction in program)


def _machine() -> str:
    # What platform.machine() returns, without importing `platform` (about 2 ms in the child).
    return os.uname().machine


def _syscall_numbers() -> dict[str, int]:
    machine = _machine()
    if machine not in _ARCHES:
        raise OSError(errno.ENOSYS, f"seccomp: no system call table for {machine!r}")
    return {**_ARCHES[machine], **_COMMON}


Instruction = tuple[int, int, int, int]  # code, jump if true, jump if false, k


def _program(
    numbers: dict[str, int], deny_network: bool, unix_sockets: bool = True
) -> list[Instruction]:
    kill = (_RET_K, 0, 0, _RET_KILL_PROCESS)
    program = [
        (_LD_W_ABS, 0, 0, _ARCH),
        (_JEQ_K, 1, 0, numbers["audit_arch"]),
        kill,
        (_LD_W_ABS, 0, 0, _NR),
    ]
    if numbers["audit_arch"] == _ARCHES["x86_64"]["audit_arch"]:
        program += [(_JGE_K, 0, 1, _X32_SYSCALL_BIT), kill]  # no real nr is that large
    for name in _DENIED:
        program += _deny(numbers[name], errno.EPERM)
    program += _deny(numbers["clone3"], errno.ENOSYS)
    if not unix_sockets:
        program += _deny(numbers["socket"], errno.EACCES)
    if deny_network:
        program += _unix_sockets_only(numbers["socket"], numbers["socketpair"])
    program += _clone_without_namespaces(numbers["clone"])
    return program + [(_RET_K, 0, 0, _RET_ALLOW)]


def _deny(number: int, code: int) -> list[Instruction]:
    """If the call is `number`, fail it with errno `code`; otherwise go on."""
    return [(_JEQ_K, 0, 1, number), (_RET_K, 0, 0, _RET_ERRNO | code)]


def _unix_sockets_only(socket: int, socketpair: int) -> list[Instruction]:
    # The domain is an int: the kernel ignores the upper half of the 64-bit argument.
    return [
        (_JEQ_K, 1, 0, socket),
        (_JEQ_K, 0, 4, socketpair),
        (_LD_W_ABS, 0, 0, _ARG0_LOW),
        (_JEQ_K, 0, 1, _AF_UNIX),
        (_RET_K, 0, 0, _RET_ALLOW),
        (_RET_K, 0, 0, _RET_ERRNO | errno.EACCES),
    ]


def _clone_without_namespaces(clone: int) -> list[Instruction]:
    # The flags are the first argument on x86_64 and aarch64 alike; CLONE_NEW* are in the
    # lower half. Loading the argument replaces nr in the accumulator, so this block must come
    # last, right before the final ALLOW that its "no namespace flag" branch jumps to.
    return [
        (_JEQ_K, 0, 3, clone),
        (_LD_W_ABS, 0, 0, _ARG0_LOW),
        (_JSET_K, 0, 1, _CLONE_NEW_FLAGS),
        (_RET_K, 0, 0, _RET_ERRNO | errno.EPERM),
    ]


def _fail(what: str) -> None:
    code = ctypes.get_errno()
    raise OSError(code, f"seccomp: {what} failed: {os.strerror(code)}")
