"""Checkpoints of a resumable run: ``<output>.progress.json`` with the rows done, the output's length and
hash, the run's settings, and the finaliser's case memory, encrypted under a key only the input can give."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from pathlib import Path
from typing import Any

from casenotes.io import InputError
from casenotes.runner.settings import BatchSpec, RunOptions

CHECKPOINT_SUFFIX = ".progress.json"
CHECKPOINT_VERSION = 2


def checkpoint_path(output: Path) -> Path:
    return Path(str(output) + CHECKPOINT_SUFFIX)


def input_identity(path: Path) -> dict:
    stat = path.stat()
    return {"input": str(path.resolve()), "input_size": stat.st_size, "input_mtime_ns": stat.st_mtime_ns}


def input_key(path: Path) -> bytes:
    """A key only the input file can give: SHA-256 of its bytes. Never written anywhere.

    The checkpoint's case memory (the name forms behind each placeholder) is encrypted under it, and the
    input's, people table's and HMAC key's fingerprints are keyed with it, so a checkpoint left on disk
    reveals no names to anyone who does not already hold the notes, and a resume notices any change.
    """
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.digest()


def fingerprint(key: bytes, value: Any) -> str:
    return hmac.new(key, json.dumps(value, sort_keys=True, default=str).encode("utf-8"), "sha256").hexdigest()[:32]


def run_settings(spec: BatchSpec, options: RunOptions, key: bytes) -> dict[str, Any]:
    """Everything that decides the output, for the checkpoint: options, and keyed fingerprints (never the
    values) of the input's content, the people table and the HMAC key."""
    config = spec.redactor_config
    hmac_key = getattr(config, "hmac_key", None)
    return {**spec.settings(), "columns": [options.id_col, options.text_col, options.case_col],
            "input_format": options.input_format, "encoding": options.encoding,
            "input_fingerprint": fingerprint(key, "input"),
            "people_fingerprint": fingerprint(key, sorted((spec.people or {}).items())),
            "hmac_key_fingerprint": None if hmac_key is None else fingerprint(key, base64.b64encode(hmac_key).decode())}


def _fernet(key: bytes):
    from cryptography.fernet import Fernet

    return Fernet(base64.urlsafe_b64encode(key))


def memory_state(finaliser, key: bytes) -> str | None:
    """The finaliser's case memory, encrypted (None without redaction: nothing to save)."""
    export = getattr(finaliser, "export_state", None)
    if export is None:
        return None
    return _fernet(key).encrypt(json.dumps(export()).encode("utf-8")).decode("ascii")


def restore_memory(finaliser, state: str | None, key: bytes) -> None:
    if finaliser is None or not state:
        return
    from cryptography.fernet import InvalidToken

    try:
        cases = json.loads(_fernet(key).decrypt(state.encode("ascii")))
    except (InvalidToken, ValueError):
        raise InputError("the checkpoint does not match this input file; delete it (or the output) to start again") from None
    finaliser.restore_state(cases)


def write_checkpoint(path: Path, state: dict) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(state, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def output_digest(path: Path, length: int):
    """SHA-256 of the first ``length`` bytes of the output (None if it is shorter), to carry on from."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        remaining = length
        while remaining:
            block = handle.read(min(1 << 20, remaining))
            if not block:
                return None
            digest.update(block)
            remaining -= len(block)
    return digest


def read_checkpoint(path: Path, input_path: Path, output_path: Path, settings: dict[str, Any]) -> tuple[dict, Any] | None:
    if not path.is_file():
        return None
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise InputError(f"{path.name} is damaged (not a casenotes checkpoint); delete it (or the output) to start again") from None
    if not isinstance(state, dict) or state.get("version") != CHECKPOINT_VERSION:
        raise InputError(f"{path.name} was written by another casenotes version; delete it to start again")
    identity = input_identity(input_path)
    if any(state.get(name) != identity[name] for name in ("input", "input_size", "input_mtime_ns")) \
            or state.get("input_fingerprint") != settings.get("input_fingerprint"):
        raise InputError(f"{path.name} belongs to a different input file, or the input changed since; "
                         "delete it (or the output) to start again")
    saved = state.get("settings", settings)
    if saved != settings:
        changed = ", ".join(sorted(k for k in settings.keys() | saved.keys() if saved.get(k) != settings.get(k)))
        raise InputError(f"{path.name} was written by a run with other settings ({changed}); resume with the same "
                         "options, or delete it (or the output) to start again")
    digest = output_digest(output_path, int(state["output_bytes"])) if output_path.is_file() else None
    if digest is None or digest.hexdigest() != state.get("output_sha256"):
        raise InputError(f"{output_path.name} is not the output this checkpoint wrote (missing, shortened or changed); "
                         "delete the checkpoint and the output to start again")
    return state, digest
