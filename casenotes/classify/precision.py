"""The number formats the classifier's weights can run in. Nothing heavy is imported until a function runs,
so the CLI can offer ``PRECISIONS`` as choices without loading PyTorch."""

from __future__ import annotations

from pathlib import Path

#: Number formats the classifier can run in; "auto" is bf16 on a CPU that multiplies bf16 natively, else fp32.
PRECISIONS = ("auto", "fp32", "bf16", "int8")


def quantize_model(model):
    """Dynamic int8 quantisation of the Linear layers (CPU inference)."""
    import torch
    from torch.ao.quantization import quantize_dynamic

    return quantize_dynamic(model.cpu(), {torch.nn.Linear}, dtype=torch.qint8)


def native_bf16() -> bool:
    """True when this CPU multiplies bfloat16 in hardware (AVX512-BF16 or AMX). Elsewhere PyTorch emulates
    bf16, which is slower than fp32, so "auto" must not choose it. On Linux the CPU flags answer without importing
    PyTorch (the batch parent, which records provenance, must stay small)."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        flags = set(cpuinfo.read_text(errors="replace").split())
        return bool(flags & {"avx512_bf16", "amx_bf16"})
    import torch

    checks = (getattr(torch.cpu, name, None) for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported"))
    try:
        return any(check() for check in checks if check is not None)
    except Exception:  # a private PyTorch check that changed: take the safe answer
        return False


def resolve_precision(precision: str) -> str:
    """"auto" -> "bf16" where the CPU has native bf16, else "fp32"; the others as given (checked)."""
    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}: use one of {', '.join(PRECISIONS)}")
    if precision == "auto":
        return "bf16" if native_bf16() else "fp32"
    return precision


def with_precision(model, precision: str):
    """The model with its weights in ``precision``. bf16 halves the weights and, on this project's
    test split, changed no combined label (eval/results/precision.md); int8 (dynamic quantisation) is
    faster than fp32 on any CPU but moves probabilities enough to change labels."""
    import torch

    if precision == "int8":
        return quantize_model(model)
    if precision == "bf16":
        return model.to(torch.bfloat16)
    return model
