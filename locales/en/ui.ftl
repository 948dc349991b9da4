# English: the browser client's messages (web/ui). Ids are shared with the server's files: unique per language.

-brand = VROOM

## General
you = You
guest = Guest
close = Close
done = Done
cancel = Cancel
save = Save
go-home = Go home
copy-link = Copy link
link-copied = Link copied — share it with the people you want to meet.
link-copy-failed = Couldn't copy the link. Here it is: { $url }
leave = Leave meeting

## Errors (API and unexpected)
error-network = Can't reach the server. Check your connection and try again.
error-rate-limited = Too many attempts. Please wait a moment and try again.
error-busy = The server is busy right now. Try again in a few seconds.
error-too-many-changes =
    { $count ->
        [one] Too many changes. Try again in { $count } second.
       *[other] Too many changes. Try again in { $count } seconds.
    }
error-too-many-changes-later = Too many changes. Wait a minute and try again.
error-generic = Something went wrong ({ $code }). Please try again.
error-unexpected = Something went wrong

## Home: room names
room-name-empty = Enter a room name.
room-name-too-long = A room name can have at most { $max } characters.
room-name-invalid-character = Use only letters, digits, '-' and '_' (no spaces or accents).
room-name-reserved = This name is used by { -brand } itself. Please choose another one.
room-exists = The room “{ $name }” already exists.
room-exists-join = Join the existing room
room-exists-other = Choose another name
join-empty = Enter a room name or paste a meeting link.

## Microphone and camera buttons
mic-turn-off = Turn off microphone
mic-turn-on = Turn on microphone
cam-turn-off = Turn off camera
cam-turn-on = Turn on camera

## Device pickers
device-camera = Camera
device-microphone = Microphone
device-camera-n = Camera { $n }
device-microphone-n = Microphone { $n }
device-needs-permission = Allow access to choose
device-no-camera = No camera found
device-no-microphone = No microphone found

## Pre-join
prejoin-title = Ready to join?
prejoin-room-label = Room
prejoin-count-empty = No one else is here yet.
prejoin-count =
    { $count ->
        [one] { $count } person is in this room.
       *[other] { $count } people are in this room.
    }
prejoin-name-label = Your name
prejoin-name-placeholder = How others will see you
prejoin-join = Join meeting
prejoin-preview-label = Your camera preview
prejoin-mic-level = Microphone level
prejoin-starting = Starting camera…
prejoin-camera-off = Your camera is off
prejoin-no-camera = No camera
prejoin-camera-blocked = Camera blocked
prejoin-name-label-required = Your name (required)
prejoin-name-required = This meeting asks for your name. Enter it to join.
prejoin-chairman = You'll join as a chairman of this meeting.

## Pre-join: what the room asks of a newcomer
prejoin-password = Meeting password
prejoin-owner-password = Owner password
prejoin-password-required = This meeting is protected by a password.
prejoin-locked = This meeting is locked. Its owner can still enter with the owner password.
prejoin-banned-title = You were removed from this meeting
prejoin-banned =
    { $count ->
        [one] You can come back in { $count } minute.
       *[other] You can come back in { $count } minutes.
    }
prejoin-banned-now = You were removed from this meeting and can't come back yet.
password-empty = Enter the password.
password-wrong = That password isn't right. Check it and try again.
password-locked = This meeting is locked: only its owner password lets you in.
password-too-many =
    { $count ->
        [one] Too many attempts. Try again in { $count } second.
       *[other] Too many attempts. Try again in { $count } seconds.
    }
password-too-many-later = Too many attempts. Try again in a little while.
# a join the server refused (back on the pre-join screen)
prejoin-refused-locked = You couldn't join: the meeting is locked.
prejoin-refused-password-required = You couldn't join: this meeting needs its password.
prejoin-refused-name-required = You couldn't join: this meeting asks for your name.
prejoin-refused-banned = You couldn't join: you were removed from this meeting.
prejoin-refused-room-full = You couldn't join: the meeting is full. Try again later.
prejoin-refused-invalid-name = That name can't be used. Choose a shorter name without special characters.

## Pre-join notices about devices
media-retry = Try again
media-join-anyway = You can still join to watch and listen.
media-no-camera-title = No camera found
media-no-camera-body = You'll join with audio only.
media-no-microphone-title = No microphone found
media-no-microphone-body = Others won't hear you. Plug in a microphone and try again, or join anyway.
media-no-devices-title = No camera or microphone found
media-no-devices-body = You can still join to watch and listen.
media-denied-title = Camera and microphone are blocked
media-denied-body = Your browser isn't letting { -brand } use your camera and microphone, so others can't see or hear you.
media-denied-how = To allow them, click the camera or padlock icon in the address bar, choose “Allow” for camera and microphone, then press “Try again”.
media-busy-title = Your camera or microphone is busy
media-busy-body = Another application may be using it. Close that application, then try again.
media-error-title = Couldn't start your camera or microphone
media-error-body = Check that they are connected, then try again.
media-insecure-title = Camera and microphone are unavailable
media-insecure-body = Browsers only allow them on secure (https) pages. Ask the administrator of this server to enable HTTPS.

## Device errors while toggling (toasts)
media-error-audio-denied = The browser blocked the microphone. Allow it in the address bar, then try again.
media-error-audio-notfound = No microphone found.
media-error-audio-busy = The microphone is used by another application.
media-error-audio-error = Couldn't start the microphone.
media-error-video-denied = The browser blocked the camera. Allow it in the address bar, then try again.
media-error-video-notfound = No camera found.
media-error-video-busy = The camera is used by another application.
media-error-video-error = Couldn't start the camera.

## Meeting
meeting-grid-label = Participants' videos
toolbar-label = Meeting controls
settings-open = Settings
people-title = People
people-you = { $name } (you)
people-count =
    { $count ->
        [one] { $count } person in the meeting
       *[other] { $count } people in the meeting
    }
banner-reconnecting = Reconnecting…
banner-enable-sound = Click to turn on sound
tile-mic-off = Microphone off
tile-hand-raised = Hand raised
hand-raise = Raise hand
hand-lower = Lower hand
toast-hand-raised = { $name } raised their hand
tile-mic-on = Microphone on
tile-cam-off = Camera off
tile-cam-on = Camera on
tile-reconnecting = Reconnecting…
tile-connecting = Connecting…
tile-connection-unstable = Connection unstable…
tile-connection-failed = Can't connect — retrying…
toast-joined = { $name } joined
toast-left = { $name } left
toast-timed-out = { $name } lost their connection
toast-reconnected = You're back online.
toast-rate-limited = Slow down a little: the server is receiving too many messages.
toast-mic-lost = Your microphone stopped working or was unplugged.
toast-cam-lost = Your camera stopped working or was unplugged.
toast-not-allowed = Only a chairman can do that.
toast-not-allowed-chairman = That isn't allowed.
toast-not-allowed-self-kick = { $name } is you, in another window or tab. Close that window to take it out of the meeting.
toast-not-allowed-self = { $name } is you, in another window or tab: you can't do that to yourself.
toast-away-mic-off = A chairman turned off your microphone while you were reconnecting.
toast-away-cam-off = A chairman turned off your camera while you were reconnecting.
toast-away-both-off = A chairman turned off your microphone and camera while you were reconnecting.
toast-not-connected = Not connected right now. Try again in a moment.
toast-participant-gone = That person is no longer reachable.
toast-asked-unmute = You asked { $name } to unmute.
toast-asked-video = You asked { $name } to turn on their camera.
meeting-locked = The meeting is locked

## People panel and the chairman's controls
people-title-count = People ({ $count })
people-close = Close the people panel
people-chairman = Chairman
people-actions = Actions for { $name }
people-actions-menu = Actions
people-chair-tools = Meeting controls for chairmen
people-mute-all = Mute everyone
people-lock = Lock meeting
people-unlock = Unlock meeting
people-room-settings = Room settings
people-claim-chair = Claim the chair
people-locked-note = The meeting is locked: no one new can join.

## Chat
chat-open = Chat (C)
chat-open-unread =
    { $count ->
        [one] Chat (C), { $count } unread message
       *[other] Chat (C), { $count } unread messages
    }
chat-title = Chat
chat-close = Close the chat
chat-list-label = Messages
chat-empty = No messages yet. Messages are seen by everyone in the meeting, and only while it lasts.
chat-you = You
chat-input-label = Message everyone
chat-input-placeholder = Message everyone
chat-send = Send
chat-counter = { $count } / { $max }
chat-too-long =
    { $count ->
        [one] { $count } character too many.
       *[other] { $count } characters too many.
    }
chat-save = Save chat
chat-save-file = vroom-chat-{ $room }-{ $date }.txt
chat-error-invalid = That message can't be sent: it is empty, too long, or contains invisible control characters.
chat-error-rate-limited = You're sending messages too fast. Wait a moment, then try again.
chat-error-name-required = This room asks for a name before you can chat. Leave and join again with a name.
chat-error-not-connected = Not connected right now: your message wasn't sent. Try again in a moment.
action-mute = Mute
action-stop-video = Stop camera
action-ask-unmute = Ask to unmute
action-ask-video = Ask to turn on camera
action-promote = Make chairman
action-kick = Remove from meeting
kick-confirm-title = Remove { $name }?
kick-confirm-body = { $name } will leave the meeting at once and won't be able to come back for a while.
kick-confirm-ok = Remove
claim-title = Claim the chair
claim-body = This room is reserved. Enter its owner password to become a chairman.
claim-label = Owner password
claim-submit = Become chairman
claim-not-owner = That isn't the owner password.

## What chairmen did (notices)
mod-muted = { $name } muted { $target }
mod-muted-you = { $name } muted you
mod-muted-by-you = You muted { $target }
mod-video-stopped = { $name } stopped { $target }'s camera
mod-video-stopped-you = { $name } stopped your camera
mod-video-stopped-by-you = You stopped { $target }'s camera
mod-muted-all = { $name } muted everyone
mod-muted-all-by-you = You muted everyone
mod-kicked = { $name } removed { $target }
mod-kicked-you = { $name } removed you
mod-kicked-by-you = You removed { $target }
mod-promoted = { $name } made { $target } a chairman
mod-promoted-you = { $name } made you a chairman
mod-promoted-by-you = You made { $target } a chairman
mod-hand-lowered = { $name } lowered { $target }'s hand
mod-hand-lowered-you = { $name } lowered your hand
mod-hand-lowered-by-you = You lowered { $target }'s hand

## A chairman asks you something
request-unmute = { $name } asks you to unmute
request-unmute-accept = Unmute
request-video = { $name } asks you to turn on your camera
request-video-accept = Turn on camera
request-not-now = Not now

## Removed from the meeting
kicked-title = { $name } removed you from this meeting.
kicked-title-anon = You were removed from this meeting.
kicked-ban =
    { $count ->
        [one] You can come back in { $count } minute.
       *[other] You can come back in { $count } minutes.
    }
kicked-no-ban = You can join again whenever you like.
kicked-rejoin = Join again

## Room settings changed (by someone: -by; by you: -you; by no one in the room: -anon)
set-locked-by = { $name } locked the meeting
set-locked-you = You locked the meeting
set-locked-anon = The meeting is now locked
set-unlocked-by = { $name } unlocked the meeting
set-unlocked-you = You unlocked the meeting
set-unlocked-anon = The meeting is now unlocked
set-name-required-by = { $name } made a name required to join
set-name-required-you = You made a name required to join
set-name-required-anon = A name is now required to join
set-name-optional-by = { $name } made the name optional
set-name-optional-you = You made the name optional
set-name-optional-anon = A name is no longer required to join
set-join-password-set-by = { $name } set a join password
set-join-password-set-you = You set a join password
set-join-password-set-anon = The meeting now has a join password
set-join-password-changed-by = { $name } changed the join password
set-join-password-changed-you = You changed the join password
set-join-password-changed-anon = The join password was changed
set-join-password-removed-by = { $name } removed the join password
set-join-password-removed-you = You removed the join password
set-join-password-removed-anon = The join password was removed
set-owner-password-set-by = { $name } reserved this room with an owner password
set-owner-password-set-you = You reserved this room with an owner password
set-owner-password-set-anon = This room is now reserved with an owner password
set-owner-password-changed-by = { $name } changed the owner password
set-owner-password-changed-you = You changed the owner password
set-owner-password-changed-anon = The owner password was changed
set-owner-password-removed-by = { $name } removed the owner password
set-owner-password-removed-you = You removed the owner password
set-owner-password-removed-anon = The owner password was removed
set-max-members-by =
    { $count ->
        [one] { $name } limited the meeting to { $count } person
       *[other] { $name } limited the meeting to { $count } people
    }
set-max-members-you =
    { $count ->
        [one] You limited the meeting to { $count } person
       *[other] You limited the meeting to { $count } people
    }
set-max-members-anon =
    { $count ->
        [one] The meeting is now limited to { $count } person
       *[other] The meeting is now limited to { $count } people
    }
set-max-members-none-by = { $name } removed the meeting's member limit
set-max-members-none-you = You removed the meeting's member limit
set-max-members-none-anon = The meeting no longer has a member limit
set-notify-by = { $name } changed who is told when someone joins
set-notify-you = You changed who is told when someone joins
set-notify-anon = The people told when someone joins were changed
set-other-by = { $name } changed the room settings
set-other-you = You changed the room settings
set-other-anon = The room settings were changed

## Room settings dialog (chairmen)
rs-title = Room settings
rs-access = Who can join
rs-locked = Lock the meeting
rs-locked-hint = No one new can join. The owner password still lets its holder in.
rs-require-name = Require a name
rs-require-name-hint = Newcomers must enter a name to join.
rs-join-password = Require a join password
rs-join-password-hint = Newcomers must enter it before joining.
rs-ownership = Ownership
rs-owner-password = Reserve this room with an owner password
rs-owner-password-hint = Whoever enters it becomes a chairman, even when the meeting is locked.
rs-common-name = This room's name is too common to be reserved. Create a room with a more distinctive name to reserve it.
rs-password = Password
rs-password-new = New password
rs-password-keep = Leave empty to keep the current one
rs-join-password-is-set = A password is set. Type a new one to change it, or untick the box to remove it.
rs-owner-password-is-set = This room is reserved. Type a new password to change it, or untick the box to remove it: either needs the current owner password.
rs-current-owner-password = Current owner password
rs-current-owner-password-hint = The password that reserved this room. Even a chairman can't change or remove it without this.
rs-current-owner-password-missing = Enter the current owner password (the one that reserved this room) to change or remove it.
rs-current-owner-password-wrong = That isn't the current owner password. Enter the one that reserved this room.
rs-owner-password-reserved-meanwhile = Someone reserved this room while this dialog was open. Close it and open it again to see the room as it is now.
rs-password-length = Use { $min } to { $max } characters.
rs-password-missing = Enter a password, or untick the box.
rs-people = People
rs-max-members = Member limit
rs-max-members-hint = 0 means no limit.
rs-max-members-hint-limit = 0 means no limit (this server allows at most { $limit }).
rs-max-members-invalid = Enter a whole number, 0 or more.
rs-max-members-range = Enter a whole number from 0 to { $limit }.
rs-notify = Tell these addresses when someone joins
rs-notify-hint = One email address per line, up to { $max }.
rs-notify-placeholder = name@example.org
rs-notify-too-many = At most { $max } addresses.
rs-notify-invalid = “{ $address }” isn't a valid email address.
rs-server-refused = The server refused this value: { $detail }
rs-not-allowed = Only a chairman can change the room settings.
rs-saved = Room settings saved

## The server refused the join for good
fatal-retry = Try again
fatal-room-not-found-title = This room doesn't exist any more
fatal-room-not-found-body = It may have been closed. You can create it again from the room's page.
fatal-room-full-title = This room is full
fatal-room-full-body = No one else can join right now. Try again later.
fatal-invalid-name-title = That name can't be used
fatal-invalid-name-body = Choose a shorter name without special characters, then try again.
fatal-invalid-room-name-title = This isn't a valid room name
fatal-invalid-room-name-body = Room names use letters, digits, '-' and '_'.
fatal-unsupported-protocol-title = { -brand } was updated
fatal-unsupported-protocol-body = Reload the page to get the new version.
fatal-replaced-title = You joined from somewhere else
fatal-replaced-body = This window left the meeting because another tab or device took your place.
fatal-generic-title = Couldn't join the meeting
fatal-generic-body = Please try again.

## Language choice (web/ui/language.js, and the links of the pages without script). Each language's name is
## written in that language, the same in every file.
language-label = Language
language-en = English
language-fr = Français
