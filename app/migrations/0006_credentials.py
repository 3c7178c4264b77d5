from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from app.portal.models import LinkPurpose
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0005_list_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LinkToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('purpose', fields.CharEnumField(description='REGISTRATION: REGISTRATION\nPASSWORD_RESET: PASSWORD_RESET', enum_type=LinkPurpose, max_length=32)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('firm', fields.ForeignKeyField('models.Firm', source_field='firm_id', null=True, db_constraint=True, to_field='id', related_name='link_tokens', on_delete=OnDelete.CASCADE)),
                ('email', fields.CharField(max_length=254)),
                ('staff', fields.ForeignKeyField('models.StaffMember', source_field='staff_id', null=True, db_constraint=True, to_field='id', related_name='link_tokens', on_delete=OnDelete.CASCADE)),
                ('portal_login', fields.ForeignKeyField('models.PortalLogin', source_field='portal_login_id', null=True, db_constraint=True, to_field='id', related_name='link_tokens', on_delete=OnDelete.CASCADE)),
                ('data', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'link_token', 'app': 'models', 'indexes': [Index(fields=['purpose', 'email'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='AuthSession',
            name='last_used_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='AuthSession',
            name='user_agent',
            field=fields.CharField(null=True, max_length=255),
        ),
        ops.AddField(
            model_name='StaffMember',
            name='deactivated_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.DeleteModel(name='SignInFailure'),
    ]
