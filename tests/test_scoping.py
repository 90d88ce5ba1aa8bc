"""Views reach objects only through the scoping querysets (`visible_to`), never by a bare primary key."""

import ast
from pathlib import Path

from django.conf import settings

APPS = ["accounts", "partners", "markets", "clauses", "followup", "plans", "reporting"]
OBJECT_VIEWS = {"DetailView", "UpdateView", "DeleteView"}


def view_modules():
    for app in APPS:
        yield from (Path(settings.BASE_DIR) / app).glob("*views*.py")


def bare_lookups(path: Path) -> list[str]:
    problems = []
    for node in ast.walk(ast.parse(path.read_text())):
        # a generic object view (DetailView, UpdateView…) that names its model without a scoped get_queryset
        if isinstance(node, ast.ClassDef):
            bases = {ast.unparse(base) for base in node.bases}
            names = {
                target.id
                for item in node.body
                if isinstance(item, ast.Assign)
                for target in item.targets
                if isinstance(target, ast.Name)
            }
            methods = {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
            if bases & OBJECT_VIEWS and "model" in names and "get_queryset" not in methods:
                problems.append(f"{path.name}:{node.lineno} class {node.name}: model without get_queryset")
            continue
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        # Model.objects.get(...) / Model.objects.filter(pk=...).get()
        if (
            isinstance(function, ast.Attribute)
            and function.attr == "get"
            and isinstance(function.value, ast.Attribute)
            and function.value.attr == "objects"
        ):
            problems.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
        # get_object_or_404(Model, ...) with a model class instead of a scoped queryset
        if (
            isinstance(function, ast.Name)
            and function.id in {"get_object_or_404", "get_list_or_404"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id[:1].isupper()
        ):
            problems.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    return problems


def test_views_never_fetch_by_bare_primary_key():
    modules = list(view_modules())
    assert modules
    problems = [problem for path in modules for problem in bare_lookups(path)]
    assert not problems, "fetch through Model.objects.visible_to(user):\n" + "\n".join(problems)
