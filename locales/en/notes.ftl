## Collaborative notes (web/ui/notes.js): an Etherpad pad beside the meeting.
notes-open = Shared notes
notes-title = Notes
notes-frame-title = The meeting's shared notes
notes-close = Close the notes
notes-open-tab = Open the notes in a new tab
notes-loading = Opening the notes…
notes-unavailable = The notes are unavailable right now.
notes-unavailable-detail = The notes server is not answering. Your call is not affected, and the notes come back by themselves when it answers again.
notes-retry = Try again
notes-error-disabled = This server has no shared notes.
notes-error-not-in-room = Only people in the meeting can open its notes. Rejoin the meeting, then try again.
notes-error-busy = Too many requests for the notes. Wait a moment, then try again.
notes-error-other = The notes could not be opened.
## Clearing the notes (chairmen)
notes-clear = Clear the notes
notes-clear-title = Clear the notes?
notes-clear-text = Everything written in the notes is removed, its history too, for everyone in the meeting. This cannot be undone.
notes-clear-confirm = Clear the notes
notes-clear-not-allowed = Only a chairman can clear the notes.
notes-cleared-self = You cleared the notes.
notes-cleared-by = { $name } cleared the notes.
notes-cleared = The notes were cleared.
