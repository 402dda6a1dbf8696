import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Each plan run gets a core background job; nullable until 0005 gives every run one."""

    dependencies = [
        ("core", "0007_lao_platoon_position_terms"),
        ("planning", "0003_proposal_explanation_as_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="planrun",
            name="job",
            field=models.OneToOneField(
                null=True,
                help_text="Runs the planner: status, progress, language, error and times.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="plan_run",
                to="core.job",
                verbose_name="background job",
            ),
        ),
    ]
