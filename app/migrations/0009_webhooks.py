from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from app.inbox.models import NotificationKind
from app.webhooks.models import DeliveryStatus, WebhookEventType
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0008_perf_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='WebhookEndpoint',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('firm', fields.ForeignKeyField('models.Firm', source_field='firm_id', db_constraint=True, to_field='id', related_name='webhook_endpoints', on_delete=OnDelete.CASCADE)),
                ('url', fields.CharField(max_length=2048)),
                ('description', fields.TextField(null=True, unique=False)),
                ('events', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('secret', fields.CharField(max_length=64)),
                ('enabled', fields.BooleanField(default=True)),
                ('disabled_reason', fields.TextField(null=True, unique=False)),
                ('consecutive_failures', fields.IntField(default=0)),
                ('failing_since', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'webhook_endpoint', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('endpoint', fields.ForeignKeyField('models.WebhookEndpoint', source_field='endpoint_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('event_id', fields.CharField(db_index=True, max_length=64)),
                ('event_type', fields.CharEnumField(description='PING: PING\nCLIENT_REGISTERED: CLIENT_REGISTERED\nCLIENT_ACTIVATED: CLIENT_ACTIVATED\nACCOUNT_CREATED: ACCOUNT_CREATED\nACCOUNT_UPDATED: ACCOUNT_UPDATED\nACCOUNT_ARCHIVED: ACCOUNT_ARCHIVED\nACCOUNT_RESTORED: ACCOUNT_RESTORED\nCONTACT_CREATED: CONTACT_CREATED\nCONTACT_UPDATED: CONTACT_UPDATED\nCONTACT_TOGGLES_CHANGED: CONTACT_TOGGLES_CHANGED\nEMAIL_RECEIVED: EMAIL_RECEIVED\nIMPORT_COMPLETED: IMPORT_COMPLETED\nBULK_UPDATE_COMPLETED: BULK_UPDATE_COMPLETED', enum_type=WebhookEventType, max_length=32)),
                ('payload', fields.TextField(unique=False)),
                ('status', fields.CharEnumField(default=DeliveryStatus.PENDING, description='PENDING: PENDING\nSUCCEEDED: SUCCEEDED\nFAILED: FAILED', enum_type=DeliveryStatus, max_length=16)),
                ('attempts', fields.IntField(default=0)),
                ('last_status_code', fields.IntField(null=True)),
                ('last_error', fields.TextField(null=True, unique=False)),
                ('next_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webhook_delivery', 'app': 'models', 'indexes': [Index(fields=['status', 'next_attempt_at']), Index(fields=['endpoint_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Notification',
            name='kind',
            field=fields.CharEnumField(description='CLIENT_REGISTERED: CLIENT_REGISTERED\nCLIENT_ACTIVATED: CLIENT_ACTIVATED\nACCOUNT_ASSIGNED: ACCOUNT_ASSIGNED\nBULK_UPDATE_COMPLETED: BULK_UPDATE_COMPLETED\nIMPORT_COMPLETED: IMPORT_COMPLETED\nEMAIL_RECEIVED: EMAIL_RECEIVED\nWEBHOOK_ENDPOINT_DISABLED: WEBHOOK_ENDPOINT_DISABLED', enum_type=NotificationKind, max_length=32),
        ),
    ]
