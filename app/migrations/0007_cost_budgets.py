from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0006_credentials')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CostBucket',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=100)),
                ('available', fields.FloatField()),
                ('updated_at', fields.FloatField()),
                ('granted', fields.BooleanField(default=True)),
            ],
            options={'table': 'cost_bucket', 'app': 'models', 'pk_attr': 'key'},
            bases=['Model'],
        ),
    ]
