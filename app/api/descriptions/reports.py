"""Bulk toggle updates and CSV imports: their inputs and reports."""

ACTION = "NO_CHANGE (default), ENABLE or DISABLE for every email."
DEFAULT = "Default for rows that leave the column empty (off unless true)."

DESCRIPTIONS = {
    "BulkToggleAction.NO_CHANGE": "Leave the toggle as it is.",
    "BulkToggleAction.ENABLE": "Turn it on.",
    "BulkToggleAction.DISABLE": "Turn it off.",
    "BulkUpdateContactTogglesInput": "Toggles to set on every email of the selected accounts.",
    "BulkUpdateContactTogglesInput.login": "LOGIN: " + ACTION,
    "BulkUpdateContactTogglesInput.invitationMessage": "A personal message for the invitations.",
    "BulkUpdateContactTogglesInput.notify": "NOTIFY: " + ACTION,
    "BulkUpdateContactTogglesInput.emailSync": "EMAIL SYNC: " + ACTION,
    "BulkUpdateContactTogglesPayload": "The answer of bulkUpdateContactToggles.",
    "BulkUpdateContactTogglesPayload.report": "What was done; null on userErrors.",
    "BulkUpdateReport": "What a bulk update did; counts count changes.",
    "BulkUpdateReport.accountsRequested": "Accounts in the input.",
    "BulkUpdateReport.emailsUpdated": "AccountEmails that changed.",
    "BulkUpdateReport.invitationsSent": "Invitations sent.",
    "BulkUpdateReport.errors": "Accounts or emails left unchanged, and why.",
    "BulkUpdateError": "An account or email a bulk update left unchanged.",
    "BulkUpdateError.email": "The address concerned, if one.",
    "BulkUpdateError.message": "What went wrong, for people.",
    "ImportClientsInput": "A CSV of clients, one contact per row (columns: docs/API.md, "
    "section Import).",
    "ImportClientsInput.dryRun": "True: change nothing and report what would happen.",
    "ImportClientsInput.defaults": "Toggles for rows whose columns leave them empty.",
    "ImportDefaultsInput": "Defaults of the login, notify and email_sync columns.",
    "ImportDefaultsInput.login": "LOGIN. " + DEFAULT,
    "ImportDefaultsInput.notify": "NOTIFY. " + DEFAULT,
    "ImportDefaultsInput.emailSync": "EMAIL SYNC. " + DEFAULT,
    "ImportDefaultsInput.sendInvitations": "Invite the emails whose LOGIN the import turned on.",
    "ImportClientsPayload": "The answer of importClients.",
    "ImportClientsPayload.report": "What was (or, in a dry run, would be) done; null on "
    "userErrors.",
    "ImportReport": "What an import did.",
    "ImportReport.rowsTotal": "Data rows (the header not counted).",
    "ImportReport.accountsCreated": "New accounts.",
    "ImportReport.contactsCreated": "New contacts.",
    "ImportReport.contactsMatched": "Rows whose email matched an existing contact.",
    "ImportReport.rowsFailed": "Rows that changed nothing because of an error.",
    "ImportReport.errors": "The errors, by row.",
    "ImportRowError": "A problem with one row (or cell) of an import.",
    "ImportRowError.row": "The row's number, the header being row 1.",
    "ImportRowError.column": "The column concerned, if one.",
    "ImportRowError.message": "What went wrong, for people.",
}
