"""The site's ``starlight_*`` settings (``starlight.options``): typed in one place, and a
wrong value stops the build with one line that names its place in ``conf.py``."""

from __future__ import annotations

import pytest
from sphinx.errors import ConfigError

from starlight import options


@pytest.mark.sphinx("html", testroot="hostile", srcdir="site-options-bad")
def test_a_wrong_site_option_is_one_located_line(app_params, make_app):
    conf = app_params.kwargs["srcdir"] / "conf.py"
    lines = conf.read_text(encoding="utf-8").splitlines()
    conf.write_text(
        "\n".join([*lines, "starlight_full_navigation_max_pages = 0", 'starlight_infobox = ""'])
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as error:
        make_app(*app_params.args, **app_params.kwargs)
    assert str(error.value) == (
        f"{conf}:{len(lines) + 2}: starlight_infobox must be a file name, not '' (and 1 more)"
    )


@pytest.mark.sphinx("html", testroot="hostile", srcdir="site-options-good")
def test_every_site_option_is_registered_and_its_default_passes(app):
    assert {option.name for option in options.OPTIONS} <= set(app.config.values)
    assert all(option.accepts(option.default) for option in options.OPTIONS)
    assert app.config.starlight_full_navigation_max_pages == 150
