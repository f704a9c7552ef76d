"""The demo stays apart: it imports the production apps, and nothing in them imports it back."""

from tests.test_architecture import import_graph


def test_production_apps_never_import_the_demo():
    importers = sorted(
        module
        for module, imports in import_graph().items()
        if not module.startswith("website.demo") and any(name.startswith("website.demo") for name in imports)
    )
    assert importers == []


def test_no_demo_module_is_left_in_the_production_apps():
    demo_modules = sorted(
        module
        for module in import_graph()
        if module.rpartition(".")[2].startswith("demo") and not module.startswith("website.demo")
    )
    assert demo_modules == []
