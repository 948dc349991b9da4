# Français : le `message` des erreurs de l’API ({ "error": code, "message": texte }). Les codes ne changent
# pas avec la langue. Les messages room-name-* de ui.ftl servent aussi à l’API.

error-internal = Une erreur s’est produite sur le serveur.
error-api-not-found = Cette adresse de l’API n’existe pas.
error-asset-not-found = Ce fichier n’existe pas.
error-method-not-allowed = Cette méthode n’est pas autorisée ici.
error-cross-origin = Les requêtes venant d’autres sites ne sont pas autorisées.
error-websocket-required = Cette adresse parle le protocole de signalisation WebSocket.
error-too-many-connections-address = Trop de connexions depuis votre adresse.
error-too-many-connections-server = Le serveur a atteint sa limite de connexions.
error-invalid-body = La requête n’est pas valide : { $detail }
error-unsupported-media-type = La requête doit être en JSON (Content-Type: application/json).
error-body-too-large = La requête est trop volumineuse.
error-too-many-rooms = Trop de salles créées depuis votre adresse. Réessayez dans une minute.
error-room-exists = Une salle nommée { $name } existe déjà.
error-room-not-found = Il n’y a pas de salle nommée { $name }.
error-unknown-participant = Aucun participant de ce nom n’est connecté.
error-password-too-long = Un mot de passe compte au plus { $max } caractères.
error-too-many-attempts =
    { $wait ->
        [one] Trop de tentatives. Réessayez dans { $wait } seconde.
       *[other] Trop de tentatives. Réessayez dans { $wait } secondes.
    }
error-banned =
    { $wait ->
        [one] Vous avez été retiré de cette salle. Vous pourrez revenir dans { $wait } seconde.
       *[other] Vous avez été retiré de cette salle. Vous pourrez revenir dans { $wait } secondes.
    }
error-room-locked = La salle est verrouillée. Seul son mot de passe propriétaire permet à un nouveau venu d’entrer.
error-wrong-password = Mot de passe incorrect.
error-passwords-busy = Le serveur vérifie beaucoup de mots de passe en même temps. Réessayez dans quelques secondes.
error-too-many-settings-changes =
    { $wait ->
        [one] Trop de modifications des paramètres. Réessayez dans { $wait } seconde.
       *[other] Trop de modifications des paramètres. Réessayez dans { $wait } secondes.
    }
error-settings-not-allowed = Seul un animateur de cette salle peut modifier ses paramètres.
# Les messages d’invalid_settings commencent par le nom du champ (les clients le cherchent) : gardez $field en tête.
error-settings-max-members = { $field } : entre 0 (pas de limite pour la salle) et { $cap }.
error-settings-password-length = { $field } : entre { $min } et { $max } caractères (null le supprime).
error-settings-notify-invalid = { $field } : « { $address } » n’est pas une adresse e-mail.
error-settings-notify-too-many = { $field } : au plus { $max } adresses.
error-common-room-name = { $name } est un nom trop courant pour être réservé avec un mot de passe propriétaire.
error-owner-password-required = Changer ou supprimer le mot de passe propriétaire demande le mot de passe propriétaire actuel.
error-admin-login-required = Connectez-vous d’abord à l’espace d’administration.
error-admin-unknown-identity = Votre compte d’authentification unique { $name } n’est pas administrateur de ce serveur.
error-admin-login-invalid = Indiquez un nom de compte (au plus { $name_max } caractères) et un mot de passe (au plus { $password_max }).
error-admin-bad-credentials = Nom de compte ou mot de passe incorrect.
error-settings-persistent-admin-only = Seul un administrateur peut rendre une salle permanente.
error-admin-invalid-query = Les paramètres de la requête ne sont pas valides : { $detail }
error-admin-search-too-long = Une recherche compte au plus { $max } caractères.
error-admin-bad-page = Les pages sont numérotées à partir de 1.
error-admin-bad-page-size = Une page contient de 1 à { $max } lignes.
error-admin-bad-range = Le début de la période est après sa fin.
error-admin-unknown-event = Il n’y a pas de type d’événement « { $name } ».
error-admin-export-too-large = Ces filtres trouvent { $count } entrées ; un export en contient au plus { $max }. Réduisez la période ou précisez les filtres.
error-notes-disabled = Les notes collaboratives ne sont pas activées sur ce serveur.
error-notes-unavailable = Le serveur de notes ne répond pas pour le moment. Votre appel n’est pas affecté : réessayez dans un instant.
error-notes-not-in-room = Seules les personnes présentes dans la réunion peuvent ouvrir ses notes.
error-notes-clear-not-allowed = Seul un animateur de cette salle peut effacer ses notes.
error-too-many-notes-requests =
    { $wait ->
        [one] Trop de demandes pour les notes. Réessayez dans { $wait } seconde.
       *[other] Trop de demandes pour les notes. Réessayez dans { $wait } secondes.
    }
