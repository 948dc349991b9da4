# Français : les invitations par e-mail, la fenêtre de l’animateur dans la réunion (web/ui/invitations.js) et la
# page de la personne invitée (templates/invitation.html, web/ui/invitation.js). Les courriels et les erreurs de l’API
# sont dans mail.ftl. Mêmes identifiants que locales/en/invitations.ftl.

## La fenêtre (animateurs)
invite-open = Inviter par e-mail
invite-title = Inviter par e-mail
invite-lead = Chaque personne reçoit son propre lien vers cette réunion. Il la fait entrer même si la réunion est verrouillée ou protégée par un mot de passe.
invite-emails-label = Adresses e-mail
invite-emails-placeholder = ana@example.org, bob@example.org
invite-emails-hint = Séparez-les par des virgules, des espaces ou des retours à la ligne ; jusqu’à { $max } à la fois.
invite-emails-empty = Saisissez au moins une adresse e-mail.
invite-emails-too-many = Au plus { $max } adresses à la fois (il y en a { $count }).
invite-emails-invalid =
    { $count ->
        [one] Cette adresse ne semble pas valide : { $addresses }
       *[other] Ces adresses ne semblent pas valides : { $addresses }
    }
invite-emails-refused =
    { $count ->
        [one] Le serveur a refusé cette adresse : { $addresses }. Rien n’a été envoyé.
       *[other] Le serveur a refusé ces adresses : { $addresses }. Rien n’a été envoyé.
    }
invite-message-label = Message (facultatif)
invite-message-placeholder = Par exemple : nous commençons dans cinq minutes.
invite-message-counter = { $count } / { $max }
invite-send = Envoyer les invitations
invite-sent =
    { $count ->
        [one] Invitation en route vers { $addresses }.
       *[other] { $count } invitations en route : { $addresses }.
    }
invite-list-title = Invitations à cette réunion
invite-loading = Chargement…
invite-empty = Personne n’a encore été invité.
invite-status-queued = Envoi…
invite-status-sent = Envoyée
invite-status-failed = Non remise
invite-status-later = Viendra plus tard
invite-status-decline = Ne peut pas venir
invite-status-used = Lien utilisé
invite-status-expired = Expirée
invite-when = Invitation : { $time }
invite-reply = « { $message } »
invite-failed-why = Pourquoi ?
invite-failed-unknown = Le serveur de messagerie n’a pas donné de raison.

## Réponse d’une personne invitée (notification)
invite-answer-later = { $email } viendra plus tard.
invite-answer-later-message = { $email } viendra plus tard : « { $message } »
invite-answer-decline = { $email } ne peut pas venir.
invite-answer-decline-message = { $email } ne peut pas venir : « { $message } »

## La page d’invitation (la personne invitée)
invited-page-title = Invitation à « { $room } »
invited-heading = { $name } vous invite à la réunion « { $room } »
invited-heading-anon = Invitation à la réunion « { $room } »
invited-message-from = { $name } a écrit :
invited-message-anon = Le message de l’invitation :
invited-join = Rejoindre la réunion
invited-join-hint = Cette invitation fait entrer un seul navigateur : le premier qui l’utilise.
invited-expires = Elle est valable jusqu’au { $date }.
invited-later-note = Vous avez indiqué que vous viendriez plus tard. Le lien fonctionne toujours.
invited-answer-legend = Vous ne pouvez pas venir maintenant ?
invited-answer-later = Je viendrai plus tard
invited-answer-decline = Je ne peux pas venir
invited-answer-message-label = Un message pour la personne qui vous invite (facultatif)
invited-answer-send = Envoyer ma réponse
invited-answer-sending = Envoi…
invited-answer-choose = Choisissez l’une des deux réponses.
invited-done-later = Merci, votre réponse a été envoyée. Le lien ci-dessus fonctionne toujours, quand vous voulez.
invited-done-decline = Merci, votre réponse a été envoyée. Cette invitation ne permet plus d’entrer dans la réunion.
invited-needs-script = Pour envoyer une réponse, JavaScript est nécessaire. Le lien ci-dessus fonctionne sans.
