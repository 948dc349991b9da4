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
