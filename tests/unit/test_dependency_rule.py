"""The layers' import rule, enforced by import-linter on every test run."""

from importlinter.cli import lint_imports


def test_domain_and_application_import_no_framework_or_adapter():
    """Contracts live in pyproject.toml; a stray import fails this test."""
    assert lint_imports() == 0
