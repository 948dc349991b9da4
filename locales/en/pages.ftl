# English: the pages the server renders (templates/*.html, crates/vroom-server/src/http/pages.rs).

## Every page (base.html)
page-title = { -brand }
skip-to-content = Skip to content
brand-home = { -brand } home
page-needs-script = { -brand } needs JavaScript to start or join a meeting.

## Home (home.html)
home-title = { -brand } — video meetings
home-heading = Video meetings, simply.
home-tagline = Start a meeting in one click and share the link. No account, no app to install — and it runs on your own server.
home-create-heading = Start a meeting
home-room-name-label = Room name
home-optional = (optional)
home-room-name-placeholder = e.g. team-sync
home-room-name-hint = Letters, digits, “-” and “_”. Leave it empty for a random, hard-to-guess name.
home-create-button = Start a meeting
home-join-heading = Join a meeting
home-join-label = Room name or link
home-join-button = Join
home-join-hint = Paste the link you were sent, or type the room's name.
home-feature-install-title = Nothing to install
home-feature-install = Works in any modern browser, on a phone or a computer.
home-feature-direct-title = Direct connections
home-feature-direct = Audio and video go straight between participants.
home-feature-yours-title = Yours
home-feature-yours = Self-hosted and open source: your meetings stay on your server.

## A room (room.html)
room-loading = Getting ready…
room-needs-script = { -brand } needs JavaScript to join a meeting.
room-missing-heading = This room doesn't exist yet
# $room is the room's name, in bold
room-missing-lead = No meeting called { $room } has been created. Create it to start a meeting here, then share the link.
room-missing-create = Create it

## A full room (full.html)
full-title = Meeting full
full-heading = This meeting is full
# $room is the room's name, in bold
full-lead-limit =
    { $limit ->
        [one] { $room } has reached its limit of { $limit } person.
       *[other] { $room } has reached its limit of { $limit } people.
    }
full-lead-retry = This page checks again every { $seconds } seconds and lets you in as soon as someone leaves.
full-retry = Try again now

## After leaving (goodbye.html)
goodbye-title-room = You left { $room }
goodbye-title = You left the meeting
goodbye-lead = Thanks for using { -brand }. Your camera and microphone are off.
goodbye-rejoin = Rejoin
goodbye-home = Home

## Error pages (error.html)
error-status = Error { $status }
page-not-found-title = Page not found
page-not-found-body = There is nothing at this address. Check the link, or start a new meeting.
page-unavailable-title = Service unavailable
page-unavailable-body = The server cannot reach its database. Please try again in a moment.
page-render-failed = The page could not be rendered.
