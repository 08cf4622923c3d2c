"""Every name casenotes registers with spaCy, in one module: the extraction pipeline as spaCy sees it.

Published as entry points (``spacy_factories``, ``spacy_misc``, ``spacy_tokenizers`` in pyproject.toml),
so ``spacy.load`` finds these names in a process that never imported casenotes.

- Factories: ``casenotes_target_matcher``, ``casenotes_context``, ``casenotes_subject``.
- Tokenizer: ``casenotes.placeholder_tokenizer.v1``.
- Misc: ``casenotes.taxonomy.v1`` (the bundled taxonomy with a council overlay on top) and the bundled
  rules, ``casenotes.bundled_{target,context,subject}_rules.v1``.

The shipped ``config.cfg`` assembles the pipeline from these names. Its ``[initialize]`` block supplies
the taxonomy, the council overlay (``[paths] lexicon``) and the rules, as spaCy's own rule components
take their patterns: data is read by ``nlp.initialize()``, kept by each component and saved with
``nlp.to_disk()``, so ``spacy.load`` never re-reads a lexicon file that may since have moved.

    >>> from casenotes.extract.components import assemble_pipeline
    >>> nlp = assemble_pipeline(lexicon=None)   # from config.cfg, rules not yet loaded
    >>> _ = nlp.initialize()                    # reads [initialize]: taxonomy, overlay, rules
    >>> nlp.pipe_names
    ['sentencizer', 'casenotes_target_matcher', 'casenotes_context', 'casenotes_subject']
"""

from importlib import resources
from pathlib import Path
from typing import Callable, List, Optional, Union

from spacy.language import Language
from spacy.util import load_config_from_str, load_model_from_config, registry
from thinc.api import Config

from casenotes.extract.context import ConText, bundled_context_rules
from casenotes.extract.subject import SubjectResolver, bundled_subject_rules
from casenotes.extract.target import DEFAULT_SPANS_KEY, TargetMatcher, bundled_target_rules
from casenotes.extract.tokenizer import create_placeholder_tokenizer
from casenotes.taxonomy import Taxonomy, load_taxonomy

CONFIG_FILE = "config.cfg"
PIPE_NAMES = ("sentencizer", "casenotes_target_matcher", "casenotes_context", "casenotes_subject")

registry.tokenizers("casenotes.placeholder_tokenizer.v1", func=create_placeholder_tokenizer)
registry.misc("casenotes.bundled_target_rules.v1", func=bundled_target_rules)
registry.misc("casenotes.bundled_context_rules.v1", func=bundled_context_rules)
registry.misc("casenotes.bundled_subject_rules.v1", func=bundled_subject_rules)


@registry.misc("casenotes.taxonomy.v1")
def taxonomy_loader(lexicon: Optional[Union[str, List[str]]] = None) -> Callable[[], Taxonomy]:
    """A loader for the bundled taxonomy with council overlay file(s) ``lexicon`` applied on top.

    A loader, not the taxonomy: spaCy validates [initialize] settings into plain data, which would
    flatten a Taxonomy; a function passes through, and the files are read when a component initializes.
    """
    return lambda: load_taxonomy(extra=lexicon)


@Language.factory("casenotes_target_matcher", assigns=["doc.spans"], default_config={"spans_key": DEFAULT_SPANS_KEY})
def make_target_matcher(nlp: Language, name: str, spans_key: str) -> TargetMatcher:
    return TargetMatcher(nlp, name, spans_key=spans_key)


@Language.factory(
    "casenotes_context",
    assigns=["span._.is_negated", "span._.is_hypothetical", "span._.is_historical", "span._.service_cue"],
    default_config={"spans_key": DEFAULT_SPANS_KEY},
)
def make_context(nlp: Language, name: str, spans_key: str) -> ConText:
    return ConText(nlp, name, spans_key=spans_key)


@Language.factory(
    "casenotes_subject",
    assigns=["span._.subject", "span._.harmer"],
    default_config={"spans_key": DEFAULT_SPANS_KEY},
    requires=["doc.sents"],
)
def make_subject(nlp: Language, name: str, spans_key: str) -> SubjectResolver:
    return SubjectResolver(nlp, name, spans_key=spans_key)


def pipeline_config(lexicon: Union[str, Path, None] = None) -> Config:
    """The shipped ``config.cfg``, with ``[paths] lexicon`` set to a council overlay when given."""
    text = resources.files("casenotes.extract").joinpath(CONFIG_FILE).read_text(encoding="utf-8")
    overrides = {"paths.lexicon": str(lexicon)} if lexicon is not None else {}
    return load_config_from_str(text, overrides=overrides)


def assemble_pipeline(lexicon: Union[str, Path, None] = None) -> Language:
    """The pipeline built from ``config.cfg``; its rules load at ``nlp.initialize()``."""
    return load_model_from_config(pipeline_config(lexicon), auto_fill=True)
