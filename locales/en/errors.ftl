# English: the `message` of the API's errors ({ "error": code, "message": text }). The codes never change
# with the language; clients decide on them. The room-name-* messages of ui.ftl serve the API too.

error-internal = Something went wrong on the server.
error-api-not-found = There is no such API endpoint.
error-asset-not-found = There is no such file.
error-method-not-allowed = This method is not allowed here.
error-cross-origin = Requests from other sites are not allowed.
error-websocket-required = This address speaks the WebSocket signalling protocol.
error-too-many-connections-address = Too many connections from your address.
error-too-many-connections-server = The server has reached its connection limit.
error-invalid-body = The request is not valid: { $detail }
error-unsupported-media-type = The request must be JSON (Content-Type: application/json).
error-body-too-large = The request is too large.
error-too-many-rooms = Too many rooms created from your address. Try again in a minute.
error-room-exists = A room named { $name } exists already.
error-room-not-found = There is no room named { $name }.
error-unknown-participant = No such participant is connected.
error-password-too-long = A password has at most { $max } characters.
error-too-many-attempts =
    { $wait ->
        [one] Too many attempts. Try again in { $wait } second.
       *[other] Too many attempts. Try again in { $wait } seconds.
    }
error-banned =
    { $wait ->
        [one] You were removed from this room. You may come back in { $wait } second.
       *[other] You were removed from this room. You may come back in { $wait } seconds.
    }
error-room-locked = The room is locked. Only its owner password lets a newcomer in.
error-wrong-password = Wrong password.
error-passwords-busy = The server is checking many passwords at once. Try again in a few seconds.
error-too-many-settings-changes =
    { $wait ->
        [one] Too many settings changes. Try again in { $wait } second.
       *[other] Too many settings changes. Try again in { $wait } seconds.
    }
error-settings-not-allowed = Only a chairman of this room can change its settings.
# The messages of invalid_settings start with the name of the field (clients look for it): keep $field first.
error-settings-max-members = { $field }: between 0 (no room limit) and { $cap }.
error-settings-password-length = { $field }: between { $min } and { $max } characters (null removes it).
error-settings-notify-invalid = { $field }: “{ $address }” is not an e-mail address.
error-settings-notify-too-many = { $field }: at most { $max } addresses.
error-common-room-name = { $name } is too common a name to be reserved with an owner password.
error-owner-password-required = Changing or removing the owner password needs the current owner password.
error-admin-login-required = Log in to the administration area first.
error-admin-unknown-identity = Your single sign-on account { $name } is not an administrator of this server.
error-admin-login-invalid = Give an account name (at most { $name_max } characters) and a password (at most { $password_max }).
error-admin-bad-credentials = Wrong account name or password.
error-settings-persistent-admin-only = Only an administrator can make a room persistent.
error-admin-invalid-query = The request's parameters are not valid: { $detail }
error-admin-search-too-long = A search has at most { $max } characters.
error-admin-bad-page = Pages are numbered from 1.
error-admin-bad-page-size = A page holds 1 to { $max } rows.
error-admin-bad-range = The start of the range is after its end.
error-admin-unknown-event = There is no event type “{ $name }”.
error-admin-export-too-large = These filters match { $count } entries; an export holds at most { $max }. Narrow the range or the filters.
error-notes-disabled = Collaborative notes are not enabled on this server.
error-notes-unavailable = The notes server is not answering right now. Your call is not affected: try again in a moment.
error-notes-not-in-room = Only people in the meeting can open its notes.
error-notes-clear-not-allowed = Only a chairman of this room can clear its notes.
error-too-many-notes-requests =
    { $wait ->
        [one] Too many requests for the notes. Try again in { $wait } second.
       *[other] Too many requests for the notes. Try again in { $wait } seconds.
    }
