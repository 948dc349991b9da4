# Mails, and the pages and errors around them (feedback form, invitations).

## Feedback page
feedback-link = Send feedback
feedback-title = Tell us what you think
feedback-lead = A problem, an idea, a thank-you: it goes to the people who run this server.
feedback-email-label = Your e-mail address (optional)
feedback-email-hint = Only if you would like an answer.
feedback-comment-label = Your message
feedback-send = Send
feedback-sending = Sending…
feedback-thanks = Thank you! Your message is on its way.
feedback-empty = Write a message first.

## Errors
error-feedback-disabled = The feedback form is not available on this server.
error-feedback-comment = A message has 1 to { $max } characters.
error-invalid-email = “{ $email }” is not an e-mail address.
error-too-many-feedback =
    { $count ->
        [one] Too many messages from here. Try again in { $count } second.
       *[other] Too many messages from here. Try again in { $count } seconds.
    }

## Join notification mail
mail-join-subject-named = { $name } joined the meeting “{ $room }”
mail-join-subject =
    { $count ->
        [one] Someone joined the meeting “{ $room }”
       *[other] { $count } people joined the meeting “{ $room }”
    }
mail-join-intro =
    { $count ->
        [one] Someone joined the meeting “{ $room }”:
       *[other] { $count } people joined the meeting “{ $room }”:
    }
mail-join-anonymous =
    { $count ->
        [one] someone who gave no name
       *[other] { $count } people who gave no name
    }
mail-join-more =
    { $count ->
        [one] and one more
       *[other] and { $count } more
    }
mail-join-link = Join them:
mail-join-button = Join the meeting
mail-join-why = You get this mail because your address is on the notification list of the room “{ $room }”. A chairman of the room can take it off.

## Feedback mail
mail-feedback-subject = Feedback from VROOM
mail-feedback-intro = Someone sent this through the feedback form:
mail-feedback-from = Reply to: { $email }
mail-feedback-anonymous = No reply address was given.
mail-feedback-language = Language of the page: { $language }

## Invitations: API errors
error-invitation-not-allowed = Only a chairman of this meeting can invite people.
error-mail-disabled = Mail is not set up on this server, so invitations cannot be sent.
error-invitation-count = Invite 1 to { $max } addresses at a time.
error-invitation-message = A message has at most { $max } characters.
error-invitation-gone = This invitation no longer works.
error-too-many-invitations =
    { $count ->
        [one] Too many invitations. Try again in { $count } second.
       *[other] Too many invitations. Try again in { $count } seconds.
    }
error-too-many-invitations-later = Too many addresses at once for this room. Invite fewer people.

## Invitation links
invite-link-unknown-title = This invitation does not exist
invite-link-unknown-body = The link may be incomplete. Ask the person who invited you for a new one.
invite-link-gone-title = This invitation no longer works
invite-link-declined-body = It was declined. If you can come after all, ask the person who invited you for a new one.
invite-link-expired-body = It has expired. Ask the person who invited you for a new one.
invite-link-used-title = This invitation was opened in another browser
invite-link-used-body = An invitation lets one person in, on the browser that first opened it. Open it there, or ask for your own.

## Invitation mail
mail-invitation-subject-named = { $name } invites you to the meeting “{ $room }”
mail-invitation-subject = You are invited to the meeting “{ $room }”
mail-invitation-intro-named = { $name } invites you to a video meeting, “{ $room }”.
mail-invitation-intro = You are invited to a video meeting, “{ $room }”.
mail-invitation-join = Join with this link:
mail-invitation-button = Join the meeting
mail-invitation-personal =
    { $hours ->
        [one] This link is yours alone: it lets you in without a password, in the first browser you open it in. It works for 1 hour.
       *[other] This link is yours alone: it lets you in without a password, in the first browser you open it in. It works for { $hours } hours.
    }
mail-invitation-needs = All you need is a recent web browser, with a camera and a microphone if you have them. Nothing to install.
mail-invitation-answer = Can't come now? Say so here:
mail-invitation-answer-link = Can't come now? Tell the organiser
