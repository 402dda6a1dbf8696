import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """A plan run's execution state is its job's (moved there by 0005): the run's copy goes."""

    dependencies = [
        ("core", "0007_lao_platoon_position_terms"),
        ("planning", "0005_plan_run_state_to_jobs"),
    ]

    operations = [
        migrations.AlterField(
            model_name="planrun",
            name="job",
            field=models.OneToOneField(
                help_text="Runs the planner: status, progress, language, error and times.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="plan_run",
                to="core.job",
                verbose_name="background job",
            ),
        ),
        migrations.RemoveConstraint(model_name="planrun", name="planrun_progress_max"),
        migrations.RemoveConstraint(model_name="planrun", name="planrun_accepted_has_date"),
        migrations.RemoveField(model_name="planrun", name="created_by"),
        migrations.RemoveField(model_name="planrun", name="error"),
        migrations.RemoveField(model_name="planrun", name="finished_at"),
        migrations.RemoveField(model_name="planrun", name="language"),
        migrations.RemoveField(model_name="planrun", name="progress"),
        migrations.RemoveField(model_name="planrun", name="started_at"),
        migrations.RemoveField(model_name="planrun", name="status"),
        migrations.RemoveField(model_name="planrun", name="step"),
    ]
