"""For the migrations that bring an instance of one territory (Levier before territories) to many: everything it
holds goes into one territory, created by the first migration that needs it."""


def upgrade_territory(apps):
    Territory = apps.get_model("territories", "Territory")
    return Territory.objects.order_by("pk").first() or Territory.objects.create(
        name="Territoire principal", carrier="Structure porteuse à renseigner"
    )


def check_now(schema_editor) -> None:
    """Runs the deferred foreign-key checks of the rows just written, so that the migration's next ALTER TABLE
    does not meet pending trigger events."""
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def fill_territory(app_label: str, *model_names: str):
    """A RunPython function giving every row of these models (which have a territory column) that territory."""

    def forwards(apps, schema_editor):
        models = [apps.get_model(app_label, name) for name in model_names]
        if any(model.objects.exists() for model in models):
            territory = upgrade_territory(apps)
            for model in models:
                model.objects.filter(territory__isnull=True).update(territory=territory)
            check_now(schema_editor)

    return forwards
