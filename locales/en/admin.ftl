# The administration area: templates/admin/*.html and web/admin/*.js.

## Frame

admin-tag = Admin
admin-brand-label = { -brand } administration: dashboard
admin-nav-label = Administration
admin-nav-dashboard = Dashboard
admin-nav-rooms = Rooms
admin-nav-audit = Audit log
admin-logged-in-label = Logged in as
admin-logged-in-as = Logged in as { $name }
admin-logout = Log out
admin-notice-close = Dismiss
admin-session-ended = Your administrator session has ended. Log in again.
admin-error-network = The server could not be reached. Check your connection and try again.
admin-error-status = The server answered with an error ({ $status }).
admin-error-unexpected = Something went wrong on this page. Reload it and try again.
admin-updated-at = Updated at { $time }
admin-today-at = Today, { $time }
admin-yesterday-at = Yesterday, { $time }
admin-duration-days = { $days } d { $hours } h
admin-duration-hours = { $hours } h { $minutes } min
admin-duration-minutes = { $minutes } min
admin-duration-seconds = { $seconds } s
admin-people-count = { $count ->
    [one] { $count } person
   *[other] { $count } people
}

## Pager

admin-page-range = { $from }–{ $to } of { $total }
admin-page-position = Page { $page } of { $pages }
admin-page-first = First page
admin-page-previous = Previous page
admin-page-next = Next page
admin-page-last = Last page
admin-page-size = Rows per page

## Login

admin-login-title = Administrator login
admin-login-heading = Administration
admin-login-lead = Log in with your administrator account to manage the rooms of this server.
admin-login-username = Account name
admin-login-password = Password
admin-login-submit = Log in
admin-login-missing-username = Type your account name.
admin-login-missing-password = Type your password.

## Dashboard

admin-dashboard-title = Dashboard
admin-stat-rooms = Rooms
admin-stat-rooms-link = See all rooms
admin-stat-live = Meetings now
admin-stat-live-link = Busiest first
admin-stat-people = People now
admin-stat-connections = { $count ->
    [one] { $count } open connection
   *[other] { $count } open connections
}
admin-stat-joins = Joins today
admin-stat-joins-link = Since midnight, in the audit log
admin-stat-mail = Mail queue
admin-stat-mail-pending = { $count ->
    [one] { $count } message waiting to be sent
   *[other] { $count } messages waiting to be sent
}
admin-stat-mail-failed = { $count ->
    [one] { $count } failed
   *[other] { $count } failed
}
admin-stat-mail-off = Off
admin-stat-mail-off-hint = This server sends no mail (no mail transport configured).
admin-stat-server = Server
admin-stat-version = Version { $version }
admin-stat-server-sub = { $database } · up for { $uptime }
admin-stat-notes-off = Collaborative notes: off (no Etherpad configured)
admin-stat-notes-ready = Collaborative notes: Etherpad answers
admin-stat-notes-unavailable = Collaborative notes are off: { $reason }
admin-stat-notes-trash = { $count ->
    [one] { $count } deleted room's pad still to delete from Etherpad
   *[other] { $count } deleted rooms' pads still to delete from Etherpad
}
admin-stat-notes-trash-failing = { $count ->
    [one] { $count } could not be deleted yet (retried): { $error }
   *[other] { $count } could not be deleted yet (retried): { $error }
}
admin-stat-notes-trash-waiting = { $count ->
    [one] { $count } could not be deleted yet: it will be once Etherpad answers
   *[other] { $count } could not be deleted yet: they will be once Etherpad answers
}
admin-live-heading = Meetings in progress
admin-live-all = All rooms by people
admin-live-empty = No meeting in progress
admin-live-empty-hint = Rooms with people in them appear here.

## Rooms list

admin-rooms-title = Rooms
admin-rooms-total = { $count ->
    [0] No rooms
    [one] { $count } room
   *[other] { $count } rooms
}
admin-rooms-matching = { $count ->
    [0] No room matches “{ $q }”
    [one] { $count } room matches “{ $q }”
   *[other] { $count } rooms match “{ $q }”
}
admin-rooms-filters = Search and sort rooms
admin-rooms-search = Search
admin-rooms-search-placeholder = Part of a room name
admin-sort-label = Sort by
admin-sort-name-asc = Name, A to Z
admin-sort-name-desc = Name, Z to A
admin-sort-created-desc = Newest first
admin-sort-created-asc = Oldest first
admin-sort-activity-desc = Recently active first
admin-sort-activity-asc = Least recently active first
admin-sort-people-desc = Most people first
admin-sort-people-asc = Fewest people first
admin-rooms-caption = Rooms of this server. Column headers with a button sort the list.
admin-rooms-pages = Pages of rooms
admin-col-name = Name
admin-col-created = Created
admin-col-activity = Last activity
admin-col-people = People now
admin-col-status = Status
admin-col-actions = Actions
admin-pill-reserved = Reserved
admin-pill-persistent = Persistent
admin-pill-locked = Locked
admin-pill-password = Password
admin-pill-name-required = Name required
admin-pill-live = { $count ->
    [one] { $count } person in the meeting
   *[other] { $count } people in the meeting
}
admin-action-join = Join as chairman
admin-action-join-short = Join
admin-action-open = Open
admin-action-end = End meeting
admin-action-delete = Delete room
admin-join-room-label = Join { $room } as chairman
admin-open-room-label = Open { $room }
admin-end-room-label = End the meeting in { $room }
admin-delete-room-label = Delete { $room }
admin-rooms-none = No rooms yet
admin-rooms-none-hint = Rooms appear here as soon as someone creates one from the home page.
admin-rooms-none-matching = No room matches “{ $q }”
admin-rooms-none-matching-hint = Search for part of the name, or clear the search to see every room.
admin-rooms-clear-search = Clear the search

## Confirmations and outcomes

admin-end-title = End the meeting in { $room }?
admin-end-text = { $count ->
    [0] Nobody is in the meeting right now.
    [one] The person in the meeting is told it has ended and is disconnected. The room stays: people can come back into it.
   *[other] The { $count } people in the meeting are told it has ended and are disconnected. The room stays: people can come back into it.
}
admin-end-confirm = End meeting
admin-ended = { $count ->
    [0] The meeting in { $room } has ended; nobody was in it.
    [one] The meeting in { $room } has ended: { $count } person was disconnected.
   *[other] The meeting in { $room } has ended: { $count } people were disconnected.
}
admin-delete-title = Delete the room { $room }?
admin-delete-text = The room, its settings and its passwords are deleted. Its link stops working. This cannot be undone.
admin-delete-text-live = { $count ->
    [one] The person in the meeting is disconnected, then the room, its settings and its passwords are deleted. This cannot be undone.
   *[other] The { $count } people in the meeting are disconnected, then the room, its settings and its passwords are deleted. This cannot be undone.
}
admin-delete-confirm = Delete room
admin-deleted = { $count ->
    [0] The room { $room } was deleted.
    [one] The room { $room } was deleted; { $count } person was disconnected.
   *[other] The room { $room } was deleted; { $count } people were disconnected.
}

## One room

admin-back-to-rooms = All rooms
admin-room-heading-prefix = Room
admin-room-actions = Room actions
admin-room-missing = This room does not exist
admin-room-missing-text = There is no room named { $room }. It may have been deleted, by an administrator or for inactivity.
admin-room-missing-text-noname = There is no room at this address.
admin-fact-created = Created
admin-fact-activity = Last activity
admin-fact-limit = { $count ->
    [one] At most { $count } person
   *[other] At most { $count } people
}
admin-fact-no-limit = No member limit
admin-participants-heading = People in the meeting
admin-participants-refresh = Updated every 5 seconds
admin-participants-caption = People in the meeting of { $room } now
admin-participants-empty = Nobody is in this meeting right now
admin-participants-empty-hint = People who join appear here within a few seconds.
admin-col-person = Name
admin-col-role = Role
admin-col-media = Media
admin-col-connection = Connection
admin-col-address = Address
admin-col-joined = Joined
admin-participant-no-name = (no name)
admin-role-chairman = Chairman
admin-role-participant = Participant
admin-media-mic-on = Microphone on
admin-media-mic-off = Microphone off
admin-media-cam-on = Camera on
admin-media-cam-off = Camera off
admin-media-screen = Sharing their screen
admin-media-hand = Hand raised
admin-connection-ok = Connected
admin-connection-lost = Reconnecting…
admin-session-ref = Session { $session }
admin-joined-for = for { $duration }

## Settings of a room

admin-settings-heading = Settings
admin-settings-access = Access
admin-settings-passwords = Passwords
admin-settings-keeping = Keeping the room
admin-settings-notify = Notifications
admin-setting-locked = Locked
admin-setting-locked-hint = Nobody new can join; chairmen still can.
admin-setting-require-name = Require a name
admin-setting-require-name-hint = People must type a name before they join.
admin-setting-max-members = Member limit
admin-setting-max-members-hint = 0 means no limit.
admin-setting-max-members-hint-capped = 0 means the server's limit ({ $max }).
admin-setting-member-limit-now = Applies now: { $count ->
    [one] { $count } person.
   *[other] { $count } people.
}
admin-setting-member-limit-none = No limit applies now.
admin-setting-max-members-range = Give a whole number from 0 to { $max }.
admin-setting-join-password = Join password
admin-setting-join-password-hint = People must type it to join.
admin-setting-join-password-set = Set. Type a new one to change it, or untick to remove it.
admin-setting-owner-password = Owner password (reserves the room)
admin-setting-owner-password-hint = Whoever types it becomes chairman. A reserved room is kept longer when unused.
admin-setting-owner-password-set = Set: the room is reserved. Type a new one to change it, or untick to remove it.
admin-setting-password-will-remove = Will be removed when you save.
admin-setting-new-password = New password
admin-setting-password-keep = Leave empty to keep the current one
admin-setting-password-length = { $min } to { $max } characters.
admin-setting-password-missing = Type the password, or untick the box.
admin-setting-common-name = “{ $room }” is too common a name to be reserved: anyone could stumble on it. An owner password cannot be set.
admin-setting-persistent = Persistent
admin-setting-persistent-hint = Never deleted for inactivity. Only administrators can set this.
admin-setting-notify = Addresses told when someone joins
admin-setting-notify-hint = One e-mail address per line.
admin-setting-notify-invalid = “{ $address }” is not an e-mail address.
admin-settings-save = Save settings
admin-settings-saved = Settings saved.
admin-settings-unchanged = Nothing has changed.

## Audit log

admin-audit-title = Audit log
admin-audit-total = { $count ->
    [0] No events
    [one] { $count } event
   *[other] { $count } events
}
admin-audit-filters = Filter the audit log
admin-audit-from = From
admin-audit-to = To
admin-audit-event = Event
admin-audit-event-all = All events
admin-audit-search = Search
admin-audit-search-placeholder = Room, address, user or words of the message
admin-audit-range-wrong = The end date is before the start date.
admin-audit-caption = Audit events, newest first, times in your time zone
admin-audit-pages = Pages of the audit log
admin-audit-empty = No events match these filters
admin-audit-empty-hint = Widen the date range, choose all events or change the search.
admin-col-time = Time
admin-col-event = Event
admin-col-room = Room
admin-col-user = User
admin-col-message = Message
admin-export-label = Export the filtered events
admin-export-xlsx = Export XLSX
admin-export-csv = Export CSV
admin-event-session-created = Session started
admin-event-session-ended = Session ended
admin-event-room-created = Room created
admin-event-room-changed = Settings changed
admin-event-room-expired = Room expired
admin-event-room-deleted = Room deleted
admin-event-notify-changed = Notify list changed
admin-event-role-changed = Role changed
admin-event-join-refused = Join refused
admin-event-joined = Joined
admin-event-left = Left
admin-event-kicked = Removed
admin-event-forged-identifier = Forged identifier
admin-event-action-allowed = Action allowed
admin-event-action-denied = Action denied
admin-event-mail-sent = Mail sent
admin-event-mail-failed = Mail failed
admin-event-feedback-sent = Feedback sent
admin-event-invitation-sent = Invitation sent
admin-event-invitation-answered = Invitation answered
admin-event-invitation-used = Invitation used
admin-event-admin-login = Admin login
admin-event-admin-login-failed = Admin login failed
admin-event-admin-logout = Admin logout
admin-event-meeting-ended = Meeting ended
admin-event-admin-joined = Admin joined
admin-event-notes-created = Notes created
admin-event-notes-cleared = Notes cleared
admin-event-notes-deleted = Notes deleted
