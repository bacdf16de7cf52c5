"""Put compiled bytecode in a wheel in place of its Python sources.

Pyodide's package wheels hold ``.py`` files only, so every page that loads
numpy, pandas or matplotlib compiles hundreds of modules before its first
line runs (pandas alone: about 2 s of a 3 s import). With bytecode in the
wheel, Python reads it instead. Python's standard library
(``python_stdlib.zip``, imported from the zip as it is) gets the same: a
cold start imports over a hundred of its modules.

This module runs inside Pyodide's own Python (``bytecode.py`` starts it
under Node), so the bytecode is of the exact version the browser runs. It
uses the standard library only. Each module ``pkg/mod.py`` becomes
``pkg/mod.pyc``, which Python imports as a module without source, as
Pyodide's own ``py-compile`` does: bytecode kept beside the source would
make numpy's and pandas' wheels half as big again; in place of it, a fifth.
A learner's tracebacks show their own lines only (``exercise_runner``), so
nothing they read needs the libraries' sources. Files that do not compile (a
template with a ``.py`` name, say) keep their source. ``RECORD`` lists the
new files instead of the old; everything else is copied as it was, so the
same wheel always gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import marshal
import zipfile

__all__ = ["add_bytecode", "pyc_name"]

#: PEP 552 flags: hash-based, and the source is not checked on import.
_UNCHECKED_HASH = 0b01


def pyc_name(source_name: str) -> str | None:
    """The bytecode that replaces ``source_name`` (``None``: not a module's source)."""
    if not source_name.endswith(".py"):
        return None
    top = source_name.split("/", 1)[0]
    if top.endswith((".dist-info", ".data")):
        return None
    return source_name + "c"


def _pyc(source: bytes, name: str) -> bytes | None:
    try:
        code = compile(source, name, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return None
    header = importlib.util.MAGIC_NUMBER + _UNCHECKED_HASH.to_bytes(4, "little")
    return header + importlib.util.source_hash(source) + marshal.dumps(code)


def _record(record: str, compiled: dict[str, tuple[zipfile.ZipInfo, bytes]]) -> str:
    """``RECORD`` with each compiled source's line replaced by its bytecode's."""
    lines = []
    for line in record.splitlines(keepends=True):
        name = line.split(",", 1)[0]
        if name in compiled:
            info, data = compiled[name]
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            line = f"{info.filename},sha256={digest.decode()},{len(data)}\n"
        lines.append(line)
    return "".join(lines)


def add_bytecode(wheel: bytes) -> tuple[bytes, int]:
    """``wheel`` with bytecode for every module that compiles; also how many did."""
    compiled: dict[str, tuple[zipfile.ZipInfo, bytes]] = {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(wheel)) as source:
        entries = source.infolist()
        names = {entry.filename for entry in entries}
        for entry in entries:
            target = pyc_name(entry.filename)
            if target is None or target in names:
                continue
            data = _pyc(source.read(entry), entry.filename)
            if data is not None:
                info = zipfile.ZipInfo(target, date_time=entry.date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = entry.external_attr
                compiled[entry.filename] = (info, data)
        with zipfile.ZipFile(out, "w") as result:
            for entry in entries:
                if entry.filename in compiled:
                    result.writestr(*compiled[entry.filename])
                    continue
                data = source.read(entry)
                if entry.filename.endswith(".dist-info/RECORD"):
                    data = _record(data.decode(), compiled).encode()
                result.writestr(entry, data)
    return out.getvalue(), len(compiled)
