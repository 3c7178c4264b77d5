from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0004_rate_limits')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Account',
            index=Index(fields=['firm_id', 'archived_at', 'name', 'id']),
        ),
        ops.AddIndex(
            model_name='ContactEmail',
            index=Index(fields=['contact_id']),
        ),
    ]
