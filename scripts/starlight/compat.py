"""Every place the wiki leans on an upstream internal, checked at every build.

The wiki patches or reads parts of Sphinx, docutils, sphinxcontrib-bibtex,
pybtex and Furo that are not public API. Each such coupling is listed here with
the versions it was written for, the module of ours that depends on it, and a
probe that is true while the internal is still there. ``setup()`` registers the
check, which runs at ``builder-inited`` (the first moment the environment
exists, which one probe needs): when a probe fails after an upgrade, the build
stops with one line naming the coupling, the versions it was written for, the
version installed and the module to update, instead of failing silently later.
``tests/test_compat.py`` runs each probe on the locked versions and shows a
missing internal stopping the build.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable

from docutils import nodes
from sphinx.errors import ExtensionError


@dataclass(frozen=True)
class Coupling:
    name: str
    """What of the upstream package we rely on."""
    package: str
    """The distribution that provides it."""
    versions: str
    """The versions it was written and tested for."""
    user: str
    """Our module that relies on it."""
    probe: Callable[..., bool]
    """True while the internal is there; called with the Sphinx application."""


def _env_app(app) -> bool:
    return getattr(app.env, "_app", None) is app


def _javascript_assets(app) -> bool:
    from sphinx.builders.html._assets import _JavaScript

    script = _JavaScript("a.js", priority=500, defer="defer")
    return (script.filename, script.priority, script.attributes.get("defer")) == \
        ("a.js", 500, "defer")


def _asset_names(app) -> bool:
    import sphinx.builders.html as html_builder

    design = resources.files("sphinx_design") / "static" / "sphinx-design.min.css"
    builder_source = Path(html_builder.__file__).read_text(encoding="utf-8")
    return "'pygments.css'" in builder_source and design.is_file()


def _search_index(app) -> bool:
    from sphinx.search import js_index

    data = {"terms": {"onc": []}, "titleterms": {}}
    return js_index.loads(js_index.dumps(data)) == data


def _html_translator(app) -> bool:
    from sphinx.writers.html5 import HTML5Translator

    return all(callable(getattr(HTML5Translator, name, None))
               for name in ("visit_title", "visit_citation", "depart_citation", "starttag"))


def _latex_bibliography(app) -> bool:
    from sphinx.builders.latex.nodes import thebibliography
    from sphinx.builders.latex.transforms import BibliographyTransform

    manual = resources.files("sphinx") / "texinputs" / "sphinxmanual.cls"
    return issubclass(thebibliography, nodes.Element) and \
        BibliographyTransform.default_priority == 750 and \
        "{sphinxthebibliography}" in manual.read_text(encoding="utf-8")


def _citation_targets(app) -> bool:
    from sphinxcontrib.bibtex.citation_target import parse_citation_targets

    targets = list(parse_citation_targets("alpha{L1},beta"))
    return [(t.key, t.post) for t in targets] == [("alpha", "L1"), ("beta", "")]


def _bibtex_domain(app) -> bool:
    from sphinxcontrib.bibtex.domain import BibtexDomain

    return "citation_refs" in {name for name, _ in inspect.getmembers(BibtexDomain)}


def _bibtex_roles(app) -> bool:
    cite = app.registry.domains.get("cite")
    return cite is not None and bool(cite.roles) and all(
        callable(getattr(type(role), "run", None)) for role in cite.roles.values())


def _pybtex_plugins(app) -> bool:
    from pybtex.plugin import register_plugin

    return "force" in inspect.signature(register_plugin).parameters


def _bibtex_config(app) -> bool:
    return all(name in app.config for name in (
        "bibtex_bibfiles", "bibtex_default_style", "bibtex_reference_style", "bibtex_cite_id"))


def _furo_search_meta(app) -> bool:
    template = resources.files("furo") / "theme" / "furo" / "search.html"
    text = template.read_text(encoding="utf-8")
    block = text[text.find("{% block site_meta %}"):]
    return '<meta name="robots" content="noindex" />' in block.split("{% endblock", 1)[0]


# The versions each package's couplings were written for (one range per package).
SPHINX = ("sphinx", ">=9.0,<10")
BIBTEX = ("sphinxcontrib-bibtex", ">=2.6,<3")
PYBTEX = ("pybtex", ">=0.24,<0.27")
FURO = ("furo", ">=2024.1,<2027")

COUPLINGS = (
    Coupling("BuildEnvironment._app (the builder, from a post-transform)", *SPHINX,
             "starlight.pages.links, starlight.claims.sphinx", _env_app),
    Coupling("html._assets._JavaScript rebuilt with defer", *SPHINX,
             "starlight.pages.assets", _javascript_assets),
    Coupling("asset names _static/pygments.css and _static/sphinx-design.min.css",
             *SPHINX, "starlight.pages.assets", _asset_names),
    Coupling("sphinx.search.js_index loads/dumps (search index rewritten)", *SPHINX,
             "starlight.pages.searchindex", _search_index),
    Coupling("HTML5Translator.visit_title/visit_citation branches", *SPHINX,
             "starlight.pages.htmlwriter", _html_translator),
    Coupling("LaTeX thebibliography node, BibliographyTransform at 750, "
             "sphinxthebibliography", *SPHINX, "starlight.bibliography.latex",
             _latex_bibliography),
    Coupling("citation_target.parse_citation_targets", *BIBTEX,
             "starlight.claims.extract", _citation_targets),
    Coupling("BibtexDomain.citation_refs", *BIBTEX,
             "starlight.pages.archive", _bibtex_domain),
    Coupling("the cite domain's role classes (wrapped to tolerate malformed roles), "
             "through app.registry.domains", *BIBTEX,
             "starlight.claims.sphinx", _bibtex_roles),
    Coupling("pybtex.plugin.register_plugin(force=True)", *PYBTEX,
             "starlight.bibliography", _pybtex_plugins),
    Coupling("bibtex_* configuration values written at config-inited",
             *BIBTEX, "starlight.extension", _bibtex_config),
    Coupling("Furo's search.html adding robots noindex in block site_meta", *FURO,
             "docs/_templates/search.html", _furo_search_meta),
)


def broken(app, couplings: tuple[Coupling, ...] = COUPLINGS) -> list[str]:
    """One line per coupling whose internal is gone."""
    lines = []
    for coupling in couplings:
        try:
            present = coupling.probe(app)
        except (ImportError, AttributeError, TypeError, ValueError, OSError):
            present = False
        if not present:
            from importlib import metadata  # only to name the version installed

            try:
                installed = metadata.version(coupling.package)
            except metadata.PackageNotFoundError:
                installed = "not installed"
            lines.append(f"starlight.compat: {coupling.name} is gone ({coupling.package} "
                         f"{installed}; written for {coupling.versions}): update {coupling.user}")
    return lines


def on_builder_inited(app) -> None:
    problems = broken(app)
    if problems:
        raise ExtensionError("; ".join(problems))


def setup(app) -> dict:
    app.connect("builder-inited", on_builder_inited, priority=0)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
