"""EMAIL SYNC's way in: an SMTP receiver (`server`) that parses (`parse`) and stores client mail
on accounts (`app.email_sync.receiving`); `run` is the `crm mail-inbound` process."""
