"""EMAIL SYNC's way in: an SMTP receiver (`server`) that parses (`parse`) and stores client mail
on accounts (`app.services.email_sync`); `run` is the `crm mail-inbound` process."""
