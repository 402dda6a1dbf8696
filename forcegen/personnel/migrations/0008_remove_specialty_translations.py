from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("personnel", "0007_specialty_names_from_translations")]

    operations = [migrations.RemoveField(model_name="specialty", name="translations")]
