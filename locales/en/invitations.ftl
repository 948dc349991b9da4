# English: invitations by e-mail, the chairman's dialog in the meeting (web/ui/invitations.js) and the invitee's
# page (templates/invitation.html, web/ui/invitation.js). The mails and the API's errors are in mail.ftl.

## The dialog (chairmen)
invite-open = Invite by e-mail
invite-title = Invite by e-mail
invite-lead = Each person gets their own link to this meeting. It lets them in even when the meeting is locked or has a password.
invite-emails-label = E-mail addresses
invite-emails-placeholder = ana@example.org, bob@example.org
invite-emails-hint = Separate them with commas, spaces or new lines; up to { $max } at a time.
invite-emails-empty = Enter at least one e-mail address.
invite-emails-too-many = At most { $max } addresses at a time (there are { $count }).
invite-emails-invalid =
    { $count ->
        [one] This address doesn't look right: { $addresses }
       *[other] These addresses don't look right: { $addresses }
    }
invite-emails-refused =
    { $count ->
        [one] The server refused this address: { $addresses }. Nothing was sent.
       *[other] The server refused these addresses: { $addresses }. Nothing was sent.
    }
invite-message-label = Message (optional)
invite-message-placeholder = For example: we're starting in five minutes.
invite-message-counter = { $count } / { $max }
invite-send = Send invitations
invite-sent =
    { $count ->
        [one] Invitation on its way to { $addresses }.
       *[other] { $count } invitations on their way: { $addresses }.
    }
invite-list-title = Invitations to this meeting
invite-loading = Loading…
invite-empty = No one has been invited yet.
invite-status-queued = Sending…
invite-status-sent = Sent
invite-status-failed = Could not deliver
invite-status-later = Will join later
invite-status-decline = Can't come
invite-status-used = Link used
invite-status-expired = Expired
invite-when = Invited { $time }
invite-reply = “{ $message }”
invite-failed-why = Why?
invite-failed-unknown = The mail server gave no reason.

## An invitee answered (toast)
invite-answer-later = { $email } will join later.
invite-answer-later-message = { $email } will join later: “{ $message }”
invite-answer-decline = { $email } can't come.
invite-answer-decline-message = { $email } can't come: “{ $message }”

## The invitation page (the invitee)
invited-page-title = Invitation to “{ $room }”
invited-heading = { $name } invites you to the meeting “{ $room }”
invited-heading-anon = You are invited to the meeting “{ $room }”
invited-message-from = { $name } wrote:
invited-message-anon = The invitation says:
invited-join = Join the meeting
invited-join-hint = This invitation lets one browser in: the first one that uses it.
invited-expires = It works until { $date }.
invited-later-note = You said you would join later. The link still works.
invited-answer-legend = Can't come now?
invited-answer-later = I will join later
invited-answer-decline = I can't come
invited-answer-message-label = A message for the person who invited you (optional)
invited-answer-send = Send my answer
invited-answer-sending = Sending…
invited-answer-choose = Choose one of the two answers.
invited-done-later = Thank you, your answer was sent. The link above still works whenever you are ready.
invited-done-decline = Thank you, your answer was sent. This invitation no longer opens the meeting.
invited-needs-script = Sending an answer needs JavaScript. The link above works without it.
