"""numpy arrays in shmc's shared memory: zero-copy and read-write, from Python and from shmc's JVM workers.

An shmc array region is a .npy file (``numpy.load(path, mmap_mode='r+')`` opens it as it is) with
shmc's own header in its last page. This module makes, finds and removes such files with the same
rules as shmc itself:

- the directory: ``$SHMC_DIR`` when set (never replaced), else ``/dev/shm/shmc-$USER`` (mode 0700, made
  when missing; a private ``shmc-$USER-XXXXXXXX`` beside it when another user took that name), and, for
  an array /dev/shm cannot hold, the disk-backed fallback directory ``~/.cache/shmc/regions-HOST``;
- only our own files: a directory or file is used only when it is the user's, not a symbolic link,
  with no group or other permission bits (directories) and a regular file (files); anything else is
  refused without being opened;
- names: 1 to 200 of letters, digits, ``.``, ``_`` and ``-``, not starting with a dot.

An array made by :func:`create` is removed when this process exits unless it was made with
``keep=True`` (then ``shmc clean --all`` or :func:`remove` removes it); a process that dies leaves it
stale, and shmc reclaims it. ``./shmc array --attach NAME`` and a kernel's ``ctx.doubleArray(NAME)``
attach to it; :func:`attach` attaches to an array shmc made. Only numpy is needed.
"""

import atexit
import os
import secrets
import stat
import struct
import sys
import time

import numpy as np

__all__ = ["create", "attach", "remove", "path", "directory", "ShmcError"]

FILE_SUFFIX = ".region"
MAGIC = 0x314E4752434D4853  # "SHMCRGN1", little-endian
VERSION_MAJOR = 1
VERSION = (VERSION_MAJOR << 16) | 1
KIND_ARRAY = 2
PAGE = 4096
HEADER_LENGTH = 4096
NPY_PREAMBLE_LENGTH = PAGE
FLAG_KEEP = 1
MAX_NAME_LENGTH = 200
NAME_CAPACITY = 256

# the header (shm/src/main/java/dev/shmc/shm/region/RegionDescriptor.java)
MAGIC_OFFSET = 0
VERSION_OFFSET = 8
KIND_OFFSET = 12
PAYLOAD_OFFSET_OFFSET = 16
PAYLOAD_LENGTH_OFFSET = 24
CREATOR_PID_OFFSET = 32
CREATOR_START_OFFSET = 40
CREATED_AT_OFFSET = 48
FLAGS_OFFSET = 56
NAME_LENGTH_OFFSET = 60
NAME_OFFSET = 64
METADATA_OFFSET = NAME_OFFSET + NAME_CAPACITY
# array metadata (SharedArray): element type code at 0, element count at 8
TYPE_CODES = {"float64": 1, "int64": 2, "int32": 3}
DTYPES = {code: np.dtype(name) for name, code in TYPE_CODES.items()}

_NPY_MAGIC = b"\x93NUMPY"
_created = []  # (path, keep) of the arrays this process made


class ShmcError(Exception):
    """An array could not be made or attached: a bad name, a foreign, truncated or corrupt file, no space."""


# ---------------------------------------------------------------- directories and names


def _plain(text):
    return "".join(c if c.isascii() and (c.isalnum() or c in "_.-") else "_" for c in text)


def _user():
    import pwd

    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return os.environ.get("USER", "user")


def _problem_with_directory(d):
    """What is wrong with d as a private directory of ours, or None; FileNotFoundError when absent."""
    st = os.lstat(d)
    if not stat.S_ISDIR(st.st_mode):
        return "it is not a directory"
    if st.st_uid != os.geteuid():
        return "it belongs to uid %d, not to you (uid %d)" % (st.st_uid, os.geteuid())
    if st.st_mode & 0o077:
        return "its mode is %s: other users may use it (shmc needs drwx------)" % stat.filemode(st.st_mode)
    return None


def _problem_if_exists(d):
    try:
        return _problem_with_directory(d)
    except FileNotFoundError:
        return None


def _configured():
    d = os.environ.get("SHMC_DIR", "").strip()
    return d or None


def directory():
    """The region directory: $SHMC_DIR, else the default one in /dev/shm (not created here)."""
    configured = _configured()
    if configured:
        return configured
    parent = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else _tmpdir()
    preferred = os.path.join(parent, "shmc-" + _plain(_user()))
    if _problem_if_exists(preferred) is None:
        return preferred
    # another user took the name: our private alternative, the first by name, or a new one
    base = os.path.basename(preferred) + "-"
    found = sorted(
        os.path.join(parent, e)
        for e in os.listdir(parent)
        if e.startswith(base) and len(e) == len(base) + 8 and all(c in "0123456789abcdef" for c in e[len(base):])
        and _problem_if_exists(os.path.join(parent, e)) is None
    )
    return found[0] if found else preferred + "-" + secrets.token_hex(4)


def _tmpdir():
    import tempfile

    return tempfile.gettempdir()


def fallback_directory():
    """The disk-backed directory for arrays /dev/shm cannot hold; None when $SHMC_DIR is set (never replaced)."""
    if _configured():
        return None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    parent = os.path.join(xdg, "shmc") if os.path.isabs(xdg) else os.path.join(os.path.expanduser("~"), ".cache", "shmc")
    try:
        with open("/proc/sys/kernel/hostname") as f:
            host = f.read().strip() or "localhost"
    except OSError:
        host = "localhost"
    return os.path.join(parent, "regions-" + _plain(host))


def _validate_name(name):
    if not isinstance(name, str) or not name:
        raise ValueError("region name must not be empty")
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError("region name is too long (%d characters, at most %d)" % (len(name), MAX_NAME_LENGTH))
    if "/" in name or ".." in name or name.startswith("."):
        raise ValueError("invalid region name '%s': no '/', '..' or leading '.'" % name)
    if not all(c.isascii() and (c.isalnum() or c in "._-") for c in name):
        raise ValueError("invalid region name '%s': use letters, digits, '.', '_' and '-'" % name)


def path(name):
    """The file of array `name`: in the region directory, else in the fallback directory if it is there."""
    _validate_name(name)
    primary = os.path.join(directory(), name + FILE_SUFFIX)
    fb = fallback_directory()
    if fb is not None and not os.path.lexists(primary) and os.path.lexists(os.path.join(fb, name + FILE_SUFFIX)):
        return os.path.join(fb, name + FILE_SUFFIX)
    return primary


def _ensure_private_directory(d, what):
    try:
        # every directory made here gets mode 0700, the parents too (os.makedirs gives them the umask's mode)
        missing = []
        p = os.path.abspath(d)
        while not os.path.lexists(p):
            missing.append(p)
            p = os.path.dirname(p)
        for m in reversed(missing):
            try:
                os.mkdir(m, 0o700)
            except FileExistsError:
                pass
    except OSError as e:
        raise ShmcError("cannot create %s %s: %s" % (what, d, e.strerror or e)) from None
    problem = _problem_with_directory(d)
    if problem:
        raise ShmcError("refusing to use %s %s: %s" % (what, d, problem))
    return d


def _human(n):
    units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    v, u = float(n), 0
    while v >= 1024 and u < len(units) - 1:
        v /= 1024
        u += 1
    return "%d B" % n if u == 0 else "%.1f %s" % (v, units[u])


def _shm_hint(d, nbytes, refused):
    if not os.path.abspath(d).startswith("/dev/shm"):
        return ""
    gib = max(1, (nbytes + (nbytes >> 2) + (1 << 30) - 1) >> 30)
    return (". %s give /dev/shm more room: docker run --shm-size=%dg, or in Kubernetes an emptyDir with medium: Memory"
            " mounted at /dev/shm (README: In containers)" % ("To run it," if refused else "For full speed", gib))


def _place(name, file_length):
    d = _ensure_private_directory(directory(), "region directory")
    free = _free(d)
    if file_length <= free:
        return d
    fb = fallback_directory()
    if fb is None:
        raise ShmcError("not enough space for region %s: it needs %s, %s has %s free (a configured directory, SHMC_DIR,"
                        " is never replaced by another)%s" % (name, _human(file_length), d, _human(free),
                                                            _shm_hint(d, file_length, True)))
    _ensure_private_directory(fb, "fallback region directory")
    free_there = _free(fb)
    if file_length > free_there:
        raise ShmcError("not enough space for region %s: it needs %s, %s has %s free and the fallback directory %s has %s%s"
                        % (name, _human(file_length), d, _human(free), fb, _human(free_there), _shm_hint(d, file_length, True)))
    _remove_if_empty(d)
    print("shmc: region %s (%s) does not fit in %s (%s free); it goes to %s instead: disk-backed, still shared without"
          " copies, slower to page in%s" % (name, _human(file_length), d, _human(free), fb, _shm_hint(d, file_length, False)),
          file=sys.stderr)
    return fb


def _free(d):
    st = os.statvfs(d)
    return st.f_bavail * st.f_frsize


def _remove_if_empty(d):
    try:
        if _problem_with_directory(d) is None and not os.listdir(d):
            os.rmdir(d)
    except OSError:
        pass


def _remove_default_directories_if_empty():
    if _configured():
        return
    _remove_if_empty(directory())
    fb = fallback_directory()
    if fb is not None:
        _remove_if_empty(fb)
        _remove_if_empty(os.path.dirname(fb))


# ---------------------------------------------------------------- the file


def _start_millis():
    """This process's start time in epoch ms, as the JDK computes it (btime + starttime ticks)."""
    try:
        with open("/proc/self/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = int(fields[19])  # field 22 of stat(5); fields[0] is field 3
        with open("/proc/stat") as f:
            btime = next(int(line.split()[1]) for line in f if line.startswith("btime "))
        return btime * 1000 + ticks * 1000 // os.sysconf("SC_CLK_TCK")
    except (OSError, StopIteration, ValueError, IndexError):
        return 0


def _npy_preamble(dtype, shape):
    dims = "".join("%d," % d for d in shape) if len(shape) == 1 else ", ".join("%d" % d for d in shape)
    text = ("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (dtype.str, dims)).encode("ascii")
    header_length = NPY_PREAMBLE_LENGTH - 10
    if len(text) + 1 > header_length:
        raise ValueError("shape has too many dimensions: %r" % (shape,))
    return _NPY_MAGIC + b"\x01\x00" + struct.pack("<H", header_length) + text.ljust(header_length - 1, b" ") + b"\n"


def _header_offset(payload_offset, payload_length):
    return (payload_offset + payload_length + PAGE - 1) // PAGE * PAGE


def _dtype_of(dtype):
    dt = np.dtype(dtype)
    if dt.name not in TYPE_CODES:
        raise ValueError("dtype %s is not one shmc arrays hold: use float64, int64 or int32" % dt)
    return dt.newbyteorder("=")


def create(name, length_or_shape, dtype="float64", keep=False):
    """Makes array `name` of the given length or C-order shape, zero-filled, and returns it (a numpy array over the file).

    It is removed when this process exits unless `keep`; shmc workers attach to it by name.
    """
    _validate_name(name)
    dt = _dtype_of(dtype)
    shape = (length_or_shape,) if np.isscalar(length_or_shape) else tuple(length_or_shape)
    shape = tuple(int(d) for d in shape)
    if not shape or any(d < 0 for d in shape):
        raise ValueError("shape must have dimensions of 0 or more: %r" % (length_or_shape,))
    count = int(np.prod(shape, dtype=object))
    if count > (1 << 40):
        raise ValueError("array too large: %d elements (at most 2^40)" % count)
    payload = count * dt.itemsize
    header_offset = _header_offset(NPY_PREAMBLE_LENGTH, payload)
    file_length = header_offset + HEADER_LENGTH
    d = _place(name, file_length)
    for other in (directory(), fallback_directory()):
        there = None if other is None or other == d else os.path.join(other, name + FILE_SUFFIX)
        if there and os.path.lexists(there):
            raise ShmcError("region %s already exists (%s)" % (name, there))
    p = os.path.join(d, name + FILE_SUFFIX)
    try:
        fd = os.open(p, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except FileExistsError:
        raise ShmcError("region %s already exists (%s)" % (name, p)) from None
    try:
        try:
            os.posix_fallocate(fd, 0, file_length)
        except OSError as e:
            raise ShmcError("not enough space for region %s: it needs %s in %s (%s)" % (name, _human(file_length), d, e.strerror)) from None
        os.pwrite(fd, _npy_preamble(dt, shape), 0)
        name_bytes = name.encode("utf-8")
        header = bytearray(HEADER_LENGTH)
        struct.pack_into("<Q", header, MAGIC_OFFSET, MAGIC)
        struct.pack_into("<i", header, KIND_OFFSET, KIND_ARRAY)
        struct.pack_into("<qqqqq", header, PAYLOAD_OFFSET_OFFSET, NPY_PREAMBLE_LENGTH, payload, os.getpid(), _start_millis(),
                         int(time.time() * 1000))
        struct.pack_into("<ii", header, FLAGS_OFFSET, FLAG_KEEP if keep else 0, len(name_bytes))
        header[NAME_OFFSET:NAME_OFFSET + len(name_bytes)] = name_bytes
        struct.pack_into("<iiq", header, METADATA_OFFSET, TYPE_CODES[dt.name], 0, count)
        os.pwrite(fd, bytes(header), header_offset)
        # last: attachers read the header only once they see its version
        os.pwrite(fd, struct.pack("<i", VERSION), header_offset + VERSION_OFFSET)
        array = _map(fd, p, dt, shape, NPY_PREAMBLE_LENGTH)
    except BaseException:
        os.close(fd)
        try:
            os.unlink(p)
        except OSError:
            pass
        _remove_default_directories_if_empty()
        raise
    os.close(fd)
    _created.append((p, keep))
    return array


def _map(fd, p, dt, shape, offset):
    import mmap

    length = os.fstat(fd).st_size
    mm = mmap.mmap(fd, length, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
    return np.ndarray(shape, dtype=dt, buffer=mm, offset=offset, order="C")


def attach(name):
    """Attaches read-write to array `name` (made by shmc or by this module) and returns it as a numpy array, without a copy."""
    p = path(name)
    d = os.path.dirname(p)
    try:
        problem = _problem_with_directory(d)
    except FileNotFoundError:
        raise ShmcError("no region %s (%s does not exist)" % (name, d)) from None
    if problem:
        raise ShmcError("refusing to use region directory %s: %s" % (d, problem))
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        raise ShmcError("no region at %s" % p) from None
    if not stat.S_ISREG(st.st_mode):
        raise ShmcError("refusing to open %s: it is not a regular file" % p)
    if st.st_uid != os.geteuid():
        raise ShmcError("refusing to open %s: it belongs to uid %d, not to you" % (p, st.st_uid))
    fd = os.open(p, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0))
    try:
        return _attach_fd(fd, p)
    finally:
        os.close(fd)


def _attach_fd(fd, p):
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid():
        raise ShmcError("refusing to open %s: not a regular file of yours" % p)
    length = st.st_size
    if length < HEADER_LENGTH:
        raise ShmcError("%s is truncated or not a shmc region (%d bytes, a header alone is %d)" % (p, length, HEADER_LENGTH))
    first = os.pread(fd, NPY_PREAMBLE_LENGTH, 0)
    # a file made a moment ago may not have its first bytes yet: which layout it has shows then
    young = time.time() - st.st_mtime < 2.0
    deadline = time.monotonic() + 2.0
    while young and first[:8] == bytes(8) and time.monotonic() < deadline:
        time.sleep(0.001)
        first = os.pread(fd, NPY_PREAMBLE_LENGTH, 0)
    npy = first.startswith(_NPY_MAGIC)
    header_offset = length - HEADER_LENGTH if npy else 0
    if npy and (header_offset < NPY_PREAMBLE_LENGTH or header_offset % PAGE):
        raise ShmcError("%s is a .npy file that shmc did not make (no shmc header at its end) or a truncated one" % p)
    header = _await_header(fd, p, header_offset, npy, st)
    (magic,) = struct.unpack_from("<Q", header, MAGIC_OFFSET)
    (version, kind) = struct.unpack_from("<ii", header, VERSION_OFFSET)
    if version >> 16 != VERSION_MAJOR:
        raise ShmcError("%s has layout version %d.%d; this module reads major version %d" % (p, version >> 16, version & 0xFFFF, VERSION_MAJOR))
    (payload_offset, payload_length) = struct.unpack_from("<qq", header, PAYLOAD_OFFSET_OFFSET)
    expected = _header_offset(payload_offset, payload_length) + HEADER_LENGTH if npy else payload_offset + payload_length
    if payload_offset < 16 or payload_offset > (1 << 20) or payload_length < 0 or expected != length:
        raise ShmcError("%s is truncated or corrupt: its header says %d bytes, the file has %d" % (p, expected, length))
    if kind != KIND_ARRAY:
        raise ShmcError("region %s is not an array (kind %d)" % (p, kind))
    (code, _pad, count) = struct.unpack_from("<iiq", header, METADATA_OFFSET)
    if code not in DTYPES:
        raise ShmcError("array %s holds elements of type code %d, which numpy cannot take (float64, int64 and int32 only)" % (p, code))
    dt = DTYPES[code]
    if count < 0 or count * dt.itemsize > payload_length:
        raise ShmcError("array region %s is corrupt: it says it holds %d elements, its payload has %d bytes" % (p, count, payload_length))
    shape = (count,)
    if npy:
        import io

        from numpy.lib import format as npy_format

        f = io.BytesIO(first)
        try:
            npy_format.read_magic(f)
            npy_shape, fortran, npy_dtype = npy_format.read_array_header_1_0(f)
        except ValueError as e:
            raise ShmcError("%s has a damaged .npy header: %s" % (p, e)) from None
        if f.tell() != payload_offset or fortran or npy_dtype != dt or int(np.prod(npy_shape, dtype=object)) != count:
            raise ShmcError("%s is corrupt: its .npy header (%s, shape %r) does not match its shmc header (%s, %d elements)"
                            % (p, npy_dtype, npy_shape, dt, count))
        shape = tuple(npy_shape)
    return _map(fd, p, dt, shape, payload_offset)


def _await_header(fd, p, header_offset, npy, st):
    young = time.time() - st.st_mtime < 2.0
    deadline = time.monotonic() + 2.0
    while True:
        header = os.pread(fd, HEADER_LENGTH, header_offset)
        (magic,) = struct.unpack_from("<Q", header, MAGIC_OFFSET)
        (version,) = struct.unpack_from("<i", header, VERSION_OFFSET)
        if version != 0:
            if magic != MAGIC:
                raise ShmcError("%s %s" % (p, "is a .npy file that shmc did not make (no shmc header at its end)" if npy
                                           else "is not a shmc region (wrong magic)"))
            return header
        if not young or time.monotonic() > deadline:
            raise ShmcError("%s %s" % (p, "was never finished by its creator (no version published)" if magic == MAGIC
                                       else "is not a shmc region (wrong magic)"))
        time.sleep(0.001)


def remove(name):
    """Removes array `name` (a regular file of yours); True if it was there."""
    p = path(name)
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid():
        raise ShmcError("refusing to remove %s: not a regular file of yours" % p)
    os.unlink(p)
    _remove_default_directories_if_empty()
    return True


@atexit.register
def _remove_created():
    for p, keep in _created:
        if not keep:
            try:
                os.unlink(p)
            except OSError:
                pass
    if _created:
        _remove_default_directories_if_empty()
