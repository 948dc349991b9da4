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
