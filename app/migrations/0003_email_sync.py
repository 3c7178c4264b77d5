from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from app.email_sync.models import EmailDirection
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_portal_inbox_outbox')]

    initial = False

    operations = [
        ops.CreateModel(
            name='EmailMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='email_messages', on_delete=OnDelete.CASCADE)),
                ('message_id', fields.CharField(max_length=255)),
                ('thread_key', fields.CharField(max_length=255)),
                ('in_reply_to', fields.CharField(null=True, max_length=255)),
                ('reference_ids', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('direction', fields.CharEnumField(description='RECEIVED: RECEIVED\nSENT: SENT', enum_type=EmailDirection, max_length=16)),
                ('from_address', fields.CharField(max_length=254)),
                ('from_name', fields.CharField(null=True, max_length=255)),
                ('to_addresses', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('cc_addresses', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('subject', fields.CharField(default='', max_length=500)),
                ('text_body', fields.TextField(null=True, unique=False)),
                ('html_body', fields.TextField(null=True, unique=False)),
                ('sent_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('attachments', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('sent_by', fields.ForeignKeyField('models.StaffMember', source_field='sent_by_id', null=True, db_constraint=True, to_field='id', related_name='sent_emails', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'email_message', 'app': 'models', 'unique_together': (('account', 'message_id'),), 'indexes': [Index(fields=['account_id', 'sent_at']), Index(fields=['account_id', 'thread_key'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AccountDocument',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='documents', on_delete=OnDelete.CASCADE)),
                ('folder', fields.CharField(max_length=255)),
                ('name', fields.CharField(max_length=255)),
                ('content_type', fields.CharField(max_length=127)),
                ('size', fields.BigIntField()),
                ('storage_key', fields.CharField(unique=True, max_length=255)),
                ('email_message', fields.ForeignKeyField('models.EmailMessage', source_field='email_message_id', null=True, db_constraint=True, to_field='id', related_name='documents', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'account_document', 'app': 'models', 'indexes': [Index(fields=['account_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='EmailParticipant',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('email_message', fields.ForeignKeyField('models.EmailMessage', source_field='email_message_id', db_constraint=True, to_field='id', related_name='participants', on_delete=OnDelete.CASCADE)),
                ('contact_email', fields.ForeignKeyField('models.ContactEmail', source_field='contact_email_id', db_constraint=True, to_field='id', related_name='email_participations', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'email_participant', 'app': 'models', 'unique_together': (('email_message', 'contact_email'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Firm',
            name='save_email_attachments',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='OutboxMail',
            name='headers',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
    ]
