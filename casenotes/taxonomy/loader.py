"""Load the taxonomy and lexicon from the package data, plus optional council overlay files.

Data files are read through ``importlib.resources`` so the package works from a wheel or a zip.
An overlay is a YAML file shaped like ``data/lexicon.yaml`` (see README.md): it can add terms to
existing factor groups and needs, add aliases to services, drop aliases, and add new services.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

import yaml

from casenotes.taxonomy.model import (
    FACTOR,
    NEED,
    ROUTE,
    SERVICE,
    SUBTYPE,
    SERVICE_STATUSES,
    SUBJECT_ROLES,
    SUBJECTS,
    Factor,
    FactorGroup,
    Need,
    Service,
    Taxonomy,
    TaxonomyError,
    Term,
    frozen_map,
    written_in_capitals,
)

DATA_PACKAGE = "casenotes.taxonomy.data"
OVERLAY_KEYS = frozenset({"version", "factors", "needs", "routes", "subtypes", "services"})
SERVICE_OVERLAY_KEYS = frozenset({"add_aliases", "drop_aliases", "alias_status", "new_services"})
TERM_KEYS = frozenset({"pattern", "literal", "status", "subject"})


def read_data(name: str) -> str:
    return resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def load_bundled_yaml(text: str) -> Any:
    """YAML the package ships (trusted, and read by every worker at start-up): libyaml's safe loader where
    PyYAML has it, ten times faster on the lexicon (about 1 s a process) and the same data as ``yaml.safe_load``."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def read_csv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(read_data(name))))


def load_taxonomy(extra: str | Path | Iterable[str | Path] | None = None) -> Taxonomy:
    """The bundled taxonomy, with council overlay file(s) ``extra`` applied on top.

    extra (path or paths): YAML overlays in the shape of ``lexicon.yaml``. Unknown groups, needs or
        services fail loudly (``TaxonomyError``) rather than being ignored.
    RETURNS (Taxonomy): frozen; share it between extractors.
    """
    paths = [] if extra is None else [extra] if isinstance(extra, (str, Path)) else list(extra)
    if not paths:
        return _bundled_taxonomy()
    base = _bundled_taxonomy()
    overlays = [(str(path), _read_yaml_file(Path(path))) for path in paths]
    return _build(_bundled_spec(), _bundled_lexicon(), overlays, base_version=base.version)


@lru_cache(maxsize=1)
def _bundled_taxonomy() -> Taxonomy:
    spec = _bundled_spec()
    return _build(spec, _bundled_lexicon(), [], base_version=spec["version"])


@lru_cache(maxsize=1)
def _bundled_spec() -> dict[str, Any]:
    return load_bundled_yaml(read_data("taxonomy.yaml"))


@lru_cache(maxsize=1)
def _bundled_lexicon() -> dict[str, Any]:
    return load_bundled_yaml(read_data("lexicon.yaml"))


#: A council overlay is a list of terms: a file larger than this is a mistake (or an attack), not a lexicon.
MAX_OVERLAY_BYTES = 2_000_000
#: Token-pattern regexes are a vetted subset: short, no backreferences, no quantified group holding a
#: quantifier ("(a+)+" backtracks for ever on a long token), so no lexicon can hang extraction.
MAX_REGEX_CHARS = 200
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]")
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


class _NoAliasLoader(yaml.SafeLoader):
    """YAML without anchors and aliases: a lexicon never needs them, and an alias bomb grows to gigabytes."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("aliases (*name) are not allowed in a lexicon file")
        return super().compose_node(parent, index)


def check_regex(value: Any, where: str) -> None:
    """Refuse a token-pattern REGEX that is invalid, too long, or could backtrack without end."""
    if not isinstance(value, str):
        raise TaxonomyError(f"{where}: REGEX must be a string")
    if len(value) > MAX_REGEX_CHARS or _NESTED_QUANTIFIER.search(value) or _BACKREFERENCE.search(value):
        raise TaxonomyError(f"{where}: REGEX {value[:40]!r} is not allowed: keep it under {MAX_REGEX_CHARS} characters, "
                            "with no backreferences and no repeated group that itself repeats, such as (a+)+")
    try:
        re.compile(value)
    except re.error as error:
        raise TaxonomyError(f"{where}: REGEX is not a valid regular expression ({error.msg})") from None


def _check_pattern(pattern: list, where: str) -> None:
    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "REGEX":
                    check_regex(inner, where)
                else:
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(pattern)


def _read_yaml_file(path: Path) -> dict[str, Any]:
    if path.stat().st_size > MAX_OVERLAY_BYTES:
        raise TaxonomyError(f"{path.name}: larger than {MAX_OVERLAY_BYTES:,} bytes; a lexicon overlay is a list of terms")
    try:
        content = yaml.load(path.read_text(encoding="utf-8"), Loader=_NoAliasLoader) or {}
    except UnicodeDecodeError:
        raise TaxonomyError(f"{path.name}: not UTF-8 text; save it as UTF-8") from None
    except yaml.YAMLError as error:
        reason = str(error) if "aliases" in str(error) else type(error).__name__
        raise TaxonomyError(f"{path.name}: not valid YAML ({reason})") from None
    if not isinstance(content, dict):
        raise TaxonomyError(f"{path.name}: expected a mapping at the top level")
    unknown = set(content) - OVERLAY_KEYS
    if unknown:
        raise TaxonomyError(f"{path.name}: unknown key(s) {sorted(unknown)}; allowed: {sorted(OVERLAY_KEYS)}")
    return content


def _build(spec: dict[str, Any], lexicon: dict[str, Any], overlays: list[tuple[str, dict]], base_version: str) -> Taxonomy:
    factors = {row["code"]: _factor(row) for row in read_csv("cin_assessment_factors.csv")}
    groups = {gid: _group(gid, entry, factors, spec) for gid, entry in spec["factor_groups"].items()}
    needs = {row["id"]: Need(row["id"], row["headline_outcome"], row["examples_of_need"])
             for row in read_csv("supporting_families_outcomes.csv")}
    _check_group_links(groups, needs)
    routes = {rid: frozen_map(route) for rid, route in spec.get("routes", {}).items()}
    services = {row["service"]: _service(row) for row in read_csv("services.csv")}
    sources = [("lexicon.yaml", lexicon)] + overlays
    for source, content in sources:
        services = _apply_service_changes(services, content.get("services") or {}, source)
    alias_status = {}
    for source, content in sources:
        alias_status.update((content.get("services") or {}).get("alias_status") or {})
    terms = tuple(_terms(sources, groups, needs, routes)) + tuple(_service_terms(services, alias_status))
    version = base_version if not overlays else f"{base_version}+" + "+".join(
        str(content.get("version", Path(source).stem)) for source, content in overlays)
    unknown = set(spec.get("not_counted_services", [])) - set(services)
    if unknown:
        raise TaxonomyError(f"taxonomy.yaml: not_counted_services names unknown service(s) {sorted(unknown)}")
    services = _with_service_needs(services, spec.get("service_needs") or {}, needs)
    return Taxonomy(
        version=version,
        lexicon_version=str(lexicon.get("version", base_version)),
        factors=frozen_map(factors),
        groups=frozen_map(groups),
        needs=frozen_map(needs),
        services=frozen_map(services),
        routes=frozen_map(routes),
        terms=terms,
        not_extracted=frozenset(spec.get("not_extracted", [])),
        not_counted_services=frozenset(spec.get("not_counted_services", [])),
        overlays=tuple(Path(source).name for source, _ in overlays),
    )


def _with_service_needs(services: dict[str, Service], service_needs: Mapping[str, str],
                        needs: Mapping[str, Need]) -> dict[str, Service]:
    """Services with the need their involvement evidences (taxonomy.yaml ``service_needs``), names checked."""
    unknown = set(service_needs) - set(services)
    if unknown:
        raise TaxonomyError(f"taxonomy.yaml: service_needs names unknown service(s) {sorted(unknown)}")
    wrong = {name: need for name, need in service_needs.items() if need not in needs}
    if wrong:
        raise TaxonomyError(f"taxonomy.yaml: service_needs maps to unknown need(s) {wrong}")
    return {name: replace(service, need=service_needs.get(name)) for name, service in services.items()}


def _factor(row: Mapping[str, str]) -> Factor:
    return Factor(row["code"], row["group"], row["about"], row["official_description"], row["status"])


def _group(group_id: str, entry: Mapping[str, Any], factors: Mapping[str, Factor], spec: Mapping[str, Any]) -> FactorGroup:
    codes = {subject: str(code) for subject, code in (entry.get("codes") or {}).items()}
    harmer_codes = {harmer: str(code) for harmer, code in (entry.get("harmer_codes") or {}).items()}
    subtype_codes = tuple(str(code) for code in entry.get("subtype_codes") or ())
    for code in [*codes.values(), *harmer_codes.values(), *subtype_codes]:
        if code not in factors:
            raise TaxonomyError(f"taxonomy.yaml: group {group_id!r} uses unknown code {code!r}")
        if code in spec.get("not_extracted", []):
            raise TaxonomyError(f"taxonomy.yaml: group {group_id!r} uses code {code!r}, which is not extracted")
    if set(codes) - set(SUBJECTS):
        raise TaxonomyError(f"taxonomy.yaml: group {group_id!r} has unknown subject(s) {sorted(set(codes) - set(SUBJECTS))}")
    if entry.get("subject_role") not in SUBJECT_ROLES:
        raise TaxonomyError(f"taxonomy.yaml: group {group_id!r} subject_role must be one of {SUBJECT_ROLES}")
    return FactorGroup(
        id=group_id,
        label=entry["label"],
        need=entry["need"],
        subject_role=entry["subject_role"],
        default_subject=entry.get("default_subject", "child"),
        codes=frozen_map(codes),
        harmer_codes=frozen_map(harmer_codes),
        adult_group=entry.get("adult_group"),
        subtype_codes=subtype_codes,
    )


def _check_group_links(groups: Mapping[str, FactorGroup], needs: Mapping[str, Need]) -> None:
    for group in groups.values():
        if group.need is not None and group.need not in needs:
            raise TaxonomyError(f"taxonomy.yaml: group {group.id!r} maps to unknown need {group.need!r}")
        if group.adult_group and group.adult_group not in groups:
            raise TaxonomyError(f"taxonomy.yaml: group {group.id!r} has unknown adult_group {group.adult_group!r}")


def _service(row: Mapping[str, str]) -> Service:
    aliases = [_strip_note(alias) for alias in row["aliases_abbreviations"].split("|")]
    return Service(
        name=row["service"],
        aliases=_unique([row["service"], *aliases]),
        sector=row["sector"],
        subsector=row["subsector"],
        cin_referral_source=row["cin_referral_source"],
    )


def _strip_note(alias: str) -> str:
    """'HCP (Healthy Child Programme)' -> 'HCP': the bracket explains the alias, it is not written."""
    return alias.split(" (")[0].strip()


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


def _apply_service_changes(services: dict[str, Service], changes: Mapping[str, Any], source: str) -> dict[str, Service]:
    unknown = set(changes) - SERVICE_OVERLAY_KEYS
    if unknown:
        raise TaxonomyError(f"{Path(source).name}: unknown services key(s) {sorted(unknown)}")
    services = dict(services)
    for entry in changes.get("new_services") or []:
        if not isinstance(entry, dict) or "service" not in entry:
            raise TaxonomyError(f"{Path(source).name}: each new service needs a 'service' name")
        services[entry["service"]] = Service(
            name=entry["service"],
            aliases=_unique([entry["service"], *entry.get("aliases", [])]),
            sector=entry.get("sector", "local"),
            subsector=entry.get("subsector", ""),
            cin_referral_source=str(entry.get("cin_referral_source", "")),
        )
    for name, aliases in (changes.get("add_aliases") or {}).items():
        service = _known_service(services, name, source)
        services[name] = _replace_aliases(service, _unique([*service.aliases, *aliases]))
    for name, aliases in (changes.get("drop_aliases") or {}).items():
        service = _known_service(services, name, source)
        dropped = {str(alias) for alias in aliases}
        services[name] = _replace_aliases(service, tuple(a for a in service.aliases if a not in dropped))
    for status in (changes.get("alias_status") or {}).values():
        if status not in SERVICE_STATUSES:
            raise TaxonomyError(f"{Path(source).name}: unknown service status {status!r}")
    return services


def _known_service(services: Mapping[str, Service], name: str, source: str) -> Service:
    if name not in services:
        raise TaxonomyError(f"{Path(source).name}: unknown service {name!r} (add it under new_services first)")
    return services[name]


def _replace_aliases(service: Service, aliases: tuple[str, ...]) -> Service:
    return Service(service.name, aliases, service.sector, service.subsector, service.cin_referral_source)


def _terms(sources: list[tuple[str, dict]], groups: Mapping, needs: Mapping, routes: Mapping) -> Iterator[Term]:
    subtypes = {code for group in groups.values() for code in group.subtype_codes}
    sections = ((FACTOR, "factors", groups), (NEED, "needs", needs), (ROUTE, "routes", routes), (SUBTYPE, "subtypes", subtypes))
    for source, content in sources:
        for kind, key, known in sections:
            for category, entries in (content.get(key) or {}).items():
                category = str(category)
                if category not in known:
                    raise TaxonomyError(f"{Path(source).name}: {key} has unknown category {category!r}")
                for entry in entries or []:
                    yield _term(kind, category, entry, source)


def _term(kind: str, category: str, entry: Any, source: str) -> Term:
    if isinstance(entry, str):
        return Term(kind, category, literal=entry, case_sensitive=written_in_capitals(entry))
    if isinstance(entry, dict) and not set(entry) - TERM_KEYS and ("pattern" in entry or "literal" in entry):
        pattern = entry.get("pattern")
        if pattern is not None and not (isinstance(pattern, list) and all(isinstance(t, dict) for t in pattern)):
            raise TaxonomyError(f"{Path(source).name}: {category}: a pattern must be a list of token objects")
        if pattern is not None:
            _check_pattern(pattern, f"{Path(source).name}: {category}")
        literal = entry.get("literal")
        subject = entry.get("subject")
        if subject is not None and (kind != FACTOR or subject not in SUBJECTS):
            raise TaxonomyError(f"{Path(source).name}: {category}: a term's subject is for factor terms, one of {list(SUBJECTS)}")
        return Term(kind, category, literal=literal, pattern=tuple(pattern) if pattern else None,
                    status=entry.get("status"), case_sensitive=bool(literal) and written_in_capitals(literal), subject=subject)
    raise TaxonomyError(f"{Path(source).name}: {category}: a term is a phrase or {{pattern: [...]}}, allowed keys {sorted(TERM_KEYS)}")


def _service_terms(services: Mapping[str, Service], alias_status: Mapping[str, str]) -> Iterator[Term]:
    """Service names match in any case; an alias with a capital in it ("CP", "Channel", "Mind") only as written."""
    for service in services.values():
        for alias in service.aliases:
            exact = alias != service.name and any(ch.isupper() for ch in alias)
            yield Term(SERVICE, service.name, literal=alias, status=alias_status.get(alias), case_sensitive=exact)
