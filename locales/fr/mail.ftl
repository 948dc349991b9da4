# Courriels, et les pages et erreurs qui les entourent (avis, invitations).

## Page d’avis
feedback-link = Donner votre avis
feedback-title = Dites-nous ce que vous en pensez
feedback-lead = Un problème, une idée, un merci : votre message va aux personnes qui gèrent ce serveur.
feedback-email-label = Votre adresse e-mail (facultatif)
feedback-email-hint = Seulement si vous souhaitez une réponse.
feedback-comment-label = Votre message
feedback-send = Envoyer
feedback-sending = Envoi…
feedback-thanks = Merci ! Votre message est en route.
feedback-empty = Écrivez d’abord un message.

## Erreurs
error-feedback-disabled = Le formulaire d’avis n’est pas disponible sur ce serveur.
error-feedback-comment = Un message compte de 1 à { $max } caractères.
error-invalid-email = « { $email } » n’est pas une adresse e-mail.
error-too-many-feedback =
    { $count ->
        [one] Trop de messages envoyés d’ici. Réessayez dans { $count } seconde.
       *[other] Trop de messages envoyés d’ici. Réessayez dans { $count } secondes.
    }

## Courriel d’arrivée dans une réunion
mail-join-subject-named = { $name } a rejoint la réunion « { $room } »
mail-join-subject =
    { $count ->
        [one] Quelqu’un a rejoint la réunion « { $room } »
       *[other] { $count } personnes ont rejoint la réunion « { $room } »
    }
mail-join-intro =
    { $count ->
        [one] Quelqu’un a rejoint la réunion « { $room } » :
       *[other] { $count } personnes ont rejoint la réunion « { $room } » :
    }
mail-join-anonymous =
    { $count ->
        [one] une personne qui n’a pas donné de nom
       *[other] { $count } personnes qui n’ont pas donné de nom
    }
mail-join-more =
    { $count ->
        [one] et une autre
       *[other] et { $count } autres
    }
mail-join-link = Rejoignez-les :
mail-join-button = Rejoindre la réunion
mail-join-why = Vous recevez ce courriel parce que votre adresse figure dans la liste de notification de la salle « { $room } ». Un animateur de la salle peut l’en retirer.

## Courriel d’avis
mail-feedback-subject = Avis envoyé depuis VROOM
mail-feedback-intro = Quelqu’un a envoyé ceci par le formulaire d’avis :
mail-feedback-from = Répondre à : { $email }
mail-feedback-anonymous = Aucune adresse de réponse n’a été donnée.
mail-feedback-language = Langue de la page : { $language }

## Invitations : erreurs de l’API
error-invitation-not-allowed = Seul un animateur de cette réunion peut inviter des personnes.
error-mail-disabled = Le courriel n’est pas configuré sur ce serveur : impossible d’envoyer des invitations.
error-invitation-count = Invitez de 1 à { $max } adresses à la fois.
error-invitation-message = Un message compte au plus { $max } caractères.
error-invitation-gone = Cette invitation n’est plus valable.
error-too-many-invitations =
    { $count ->
        [one] Trop d’invitations. Réessayez dans { $count } seconde.
       *[other] Trop d’invitations. Réessayez dans { $count } secondes.
    }
error-too-many-invitations-later = Trop d’adresses à la fois pour cette salle. Invitez moins de personnes.

## Liens d’invitation
invite-link-unknown-title = Cette invitation n’existe pas
invite-link-unknown-body = Le lien est peut-être incomplet. Demandez-en un nouveau à la personne qui vous a invité.
invite-link-gone-title = Cette invitation n’est plus valable
invite-link-declined-body = Elle a été déclinée. Si vous pouvez finalement venir, demandez-en une nouvelle à la personne qui vous a invité.
invite-link-expired-body = Elle a expiré. Demandez-en une nouvelle à la personne qui vous a invité.
invite-link-used-title = Cette invitation a été ouverte dans un autre navigateur
invite-link-used-body = Une invitation fait entrer une seule personne, dans le navigateur qui l’a ouverte en premier. Ouvrez-la là-bas, ou demandez la vôtre.

## Courriel d’invitation
mail-invitation-subject-named = { $name } vous invite à la réunion « { $room } »
mail-invitation-subject = Vous êtes invité à la réunion « { $room } »
mail-invitation-intro-named = { $name } vous invite à une réunion vidéo, « { $room } ».
mail-invitation-intro = Vous êtes invité à une réunion vidéo, « { $room } ».
mail-invitation-join = Rejoignez-la avec ce lien :
mail-invitation-button = Rejoindre la réunion
mail-invitation-personal =
    { $hours ->
        [one] Ce lien est le vôtre : il vous fait entrer sans mot de passe, dans le premier navigateur où vous l’ouvrez. Il est valable 1 heure.
       *[other] Ce lien est le vôtre : il vous fait entrer sans mot de passe, dans le premier navigateur où vous l’ouvrez. Il est valable { $hours } heures.
    }
mail-invitation-needs = Il vous suffit d’un navigateur récent, avec une caméra et un micro si vous en avez. Rien à installer.
mail-invitation-answer = Vous ne pouvez pas venir maintenant ? Dites-le ici :
mail-invitation-answer-link = Vous ne pouvez pas venir maintenant ? Prévenez l’organisateur
