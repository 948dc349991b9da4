# L’espace d’administration : templates/admin/*.html et web/admin/*.js.

## Cadre

admin-tag = Admin
admin-brand-label = Administration de { -brand } : tableau de bord
admin-nav-label = Administration
admin-nav-dashboard = Tableau de bord
admin-nav-rooms = Salles
admin-nav-audit = Journal d’audit
admin-logged-in-label = Connecté en tant que
admin-logged-in-as = Connecté en tant que { $name }
admin-logout = Se déconnecter
admin-notice-close = Fermer
admin-session-ended = Votre session d’administration a pris fin. Reconnectez-vous.
admin-error-network = Le serveur est injoignable. Vérifiez votre connexion et réessayez.
admin-error-status = Le serveur a répondu par une erreur ({ $status }).
admin-error-unexpected = Un problème est survenu sur cette page. Rechargez-la et réessayez.
admin-updated-at = Mis à jour à { $time }
admin-today-at = Aujourd’hui, { $time }
admin-yesterday-at = Hier, { $time }
admin-duration-days = { $days } j { $hours } h
admin-duration-hours = { $hours } h { $minutes } min
admin-duration-minutes = { $minutes } min
admin-duration-seconds = { $seconds } s
admin-people-count = { $count ->
    [one] { $count } personne
   *[other] { $count } personnes
}

## Pagination

admin-page-range = { $from }–{ $to } sur { $total }
admin-page-position = Page { $page } sur { $pages }
admin-page-first = Première page
admin-page-previous = Page précédente
admin-page-next = Page suivante
admin-page-last = Dernière page
admin-page-size = Lignes par page

## Connexion

admin-login-title = Connexion administrateur
admin-login-heading = Administration
admin-login-lead = Connectez-vous avec votre compte administrateur pour gérer les salles de ce serveur.
admin-login-username = Nom du compte
admin-login-password = Mot de passe
admin-login-submit = Se connecter
admin-login-missing-username = Saisissez le nom de votre compte.
admin-login-missing-password = Saisissez votre mot de passe.

## Tableau de bord

admin-dashboard-title = Tableau de bord
admin-stat-rooms = Salles
admin-stat-rooms-link = Voir toutes les salles
admin-stat-live = Réunions en cours
admin-stat-live-link = Les plus fréquentées d’abord
admin-stat-people = Personnes connectées
admin-stat-connections = { $count ->
    [one] { $count } connexion ouverte
   *[other] { $count } connexions ouvertes
}
admin-stat-joins = Arrivées aujourd’hui
admin-stat-joins-link = Depuis minuit, dans le journal d’audit
admin-stat-mail = File des e-mails
admin-stat-mail-pending = { $count ->
    [one] { $count } message en attente d’envoi
   *[other] { $count } messages en attente d’envoi
}
admin-stat-mail-failed = { $count ->
    [one] { $count } en échec
   *[other] { $count } en échec
}
admin-stat-mail-off = Désactivés
admin-stat-mail-off-hint = Ce serveur n’envoie pas d’e-mails (aucun transport configuré).
admin-stat-server = Serveur
admin-stat-version = Version { $version }
admin-stat-server-sub = { $database } · en service depuis { $uptime }
admin-stat-notes-off = Notes partagées : désactivées (aucun Etherpad configuré)
admin-stat-notes-ready = Notes partagées : Etherpad répond
admin-stat-notes-unavailable = Les notes partagées sont désactivées : { $reason }
admin-stat-notes-trash = { $count ->
    [one] { $count } pad de salle supprimée reste à supprimer d’Etherpad
   *[other] { $count } pads de salles supprimées restent à supprimer d’Etherpad
}
admin-stat-notes-trash-failing = { $count ->
    [one] { $count } n’a pas encore pu être supprimé (nouvel essai prévu) : { $error }
   *[other] { $count } n’ont pas encore pu être supprimés (nouvel essai prévu) : { $error }
}
admin-stat-notes-trash-waiting = { $count ->
    [one] { $count } n’a pas encore pu être supprimé : il le sera dès qu’Etherpad répondra
   *[other] { $count } n’ont pas encore pu être supprimés : ils le seront dès qu’Etherpad répondra
}
admin-live-heading = Réunions en cours
admin-live-all = Toutes les salles par nombre de personnes
admin-live-empty = Aucune réunion en cours
admin-live-empty-hint = Les salles où se trouvent des personnes s’affichent ici.

## Liste des salles

admin-rooms-title = Salles
admin-rooms-total = { $count ->
    [0] Aucune salle
    [one] { $count } salle
   *[other] { $count } salles
}
admin-rooms-matching = { $count ->
    [0] Aucune salle ne correspond à « { $q } »
    [one] { $count } salle correspond à « { $q } »
   *[other] { $count } salles correspondent à « { $q } »
}
admin-rooms-filters = Rechercher et trier les salles
admin-rooms-search = Rechercher
admin-rooms-search-placeholder = Une partie du nom d’une salle
admin-sort-label = Trier par
admin-sort-name-asc = Nom, de A à Z
admin-sort-name-desc = Nom, de Z à A
admin-sort-created-desc = Les plus récentes d’abord
admin-sort-created-asc = Les plus anciennes d’abord
admin-sort-activity-desc = Activité la plus récente d’abord
admin-sort-activity-asc = Activité la plus ancienne d’abord
admin-sort-people-desc = Le plus de personnes d’abord
admin-sort-people-asc = Le moins de personnes d’abord
admin-rooms-caption = Salles de ce serveur. Les en-têtes de colonne munis d’un bouton trient la liste.
admin-rooms-pages = Pages de salles
admin-col-name = Nom
admin-col-created = Créée
admin-col-activity = Dernière activité
admin-col-people = Personnes
admin-col-status = État
admin-col-actions = Actions
admin-pill-reserved = Réservée
admin-pill-persistent = Permanente
admin-pill-locked = Verrouillée
admin-pill-password = Mot de passe
admin-pill-name-required = Nom exigé
admin-pill-live = { $count ->
    [one] { $count } personne en réunion
   *[other] { $count } personnes en réunion
}
admin-action-join = Rejoindre comme animateur
admin-action-join-short = Rejoindre
admin-action-open = Ouvrir
admin-action-end = Terminer la réunion
admin-action-delete = Supprimer la salle
admin-join-room-label = Rejoindre { $room } comme animateur
admin-open-room-label = Ouvrir { $room }
admin-end-room-label = Terminer la réunion de { $room }
admin-delete-room-label = Supprimer { $room }
admin-rooms-none = Aucune salle pour l’instant
admin-rooms-none-hint = Les salles s’affichent ici dès que quelqu’un en crée une depuis la page d’accueil.
admin-rooms-none-matching = Aucune salle ne correspond à « { $q } »
admin-rooms-none-matching-hint = Cherchez une partie du nom, ou effacez la recherche pour voir toutes les salles.
admin-rooms-clear-search = Effacer la recherche

## Confirmations et résultats

admin-end-title = Terminer la réunion de { $room } ?
admin-end-text = { $count ->
    [0] Personne n’est dans la réunion en ce moment.
    [one] La personne présente est prévenue de la fin de la réunion puis déconnectée. La salle est conservée : on peut y revenir.
   *[other] Les { $count } personnes présentes sont prévenues de la fin de la réunion puis déconnectées. La salle est conservée : on peut y revenir.
}
admin-end-confirm = Terminer la réunion
admin-ended = { $count ->
    [0] La réunion de { $room } est terminée ; personne n’y était.
    [one] La réunion de { $room } est terminée : { $count } personne a été déconnectée.
   *[other] La réunion de { $room } est terminée : { $count } personnes ont été déconnectées.
}
admin-delete-title = Supprimer la salle { $room } ?
admin-delete-text = La salle, ses réglages et ses mots de passe sont supprimés. Son lien ne fonctionnera plus. Cette action est définitive.
admin-delete-text-live = { $count ->
    [one] La personne présente est déconnectée, puis la salle, ses réglages et ses mots de passe sont supprimés. Cette action est définitive.
   *[other] Les { $count } personnes présentes sont déconnectées, puis la salle, ses réglages et ses mots de passe sont supprimés. Cette action est définitive.
}
admin-delete-confirm = Supprimer la salle
admin-deleted = { $count ->
    [0] La salle { $room } a été supprimée.
    [one] La salle { $room } a été supprimée ; { $count } personne a été déconnectée.
   *[other] La salle { $room } a été supprimée ; { $count } personnes ont été déconnectées.
}

## Une salle

admin-back-to-rooms = Toutes les salles
admin-room-heading-prefix = Salle
admin-room-actions = Actions sur la salle
admin-room-missing = Cette salle n’existe pas
admin-room-missing-text = Il n’y a pas de salle nommée { $room }. Elle a peut-être été supprimée, par un administrateur ou faute d’activité.
admin-room-missing-text-noname = Il n’y a pas de salle à cette adresse.
admin-fact-created = Créée
admin-fact-activity = Dernière activité
admin-fact-limit = { $count ->
    [one] { $count } personne au plus
   *[other] { $count } personnes au plus
}
admin-fact-no-limit = Pas de limite de participants
admin-participants-heading = Personnes en réunion
admin-participants-refresh = Mis à jour toutes les 5 secondes
admin-participants-caption = Personnes actuellement dans la réunion de { $room }
admin-participants-empty = Personne n’est dans cette réunion en ce moment
admin-participants-empty-hint = Les personnes qui arrivent s’affichent ici en quelques secondes.
admin-col-person = Nom
admin-col-role = Rôle
admin-col-media = Médias
admin-col-connection = Connexion
admin-col-address = Adresse
admin-col-joined = Arrivée
admin-participant-no-name = (sans nom)
admin-role-chairman = Animateur
admin-role-participant = Participant
admin-media-mic-on = Micro activé
admin-media-mic-off = Micro coupé
admin-media-cam-on = Caméra activée
admin-media-cam-off = Caméra coupée
admin-media-screen = Partage son écran
admin-media-hand = Main levée
admin-connection-ok = Connecté
admin-connection-lost = Reconnexion…
admin-session-ref = Session { $session }
admin-joined-for = depuis { $duration }

## Réglages d’une salle

admin-settings-heading = Réglages
admin-settings-access = Accès
admin-settings-passwords = Mots de passe
admin-settings-keeping = Conservation de la salle
admin-settings-notify = Notifications
admin-setting-locked = Verrouillée
admin-setting-locked-hint = Personne de nouveau ne peut entrer ; les animateurs le peuvent toujours.
admin-setting-require-name = Exiger un nom
admin-setting-require-name-hint = Chacun doit saisir un nom avant d’entrer.
admin-setting-max-members = Nombre maximal de participants
admin-setting-max-members-hint = 0 signifie aucune limite.
admin-setting-max-members-hint-capped = 0 signifie la limite du serveur ({ $max }).
admin-setting-member-limit-now = En vigueur : { $count ->
    [one] { $count } personne.
   *[other] { $count } personnes.
}
admin-setting-member-limit-none = Aucune limite en vigueur.
admin-setting-max-members-range = Indiquez un nombre entier de 0 à { $max }.
admin-setting-join-password = Mot de passe d’accès
admin-setting-join-password-hint = Chacun doit le saisir pour entrer.
admin-setting-join-password-set = Défini. Saisissez-en un nouveau pour le changer, ou décochez pour le retirer.
admin-setting-owner-password = Mot de passe propriétaire (réserve la salle)
admin-setting-owner-password-hint = Qui le saisit devient animateur. Une salle réservée est conservée plus longtemps sans activité.
admin-setting-owner-password-set = Défini : la salle est réservée. Saisissez-en un nouveau pour le changer, ou décochez pour le retirer.
admin-setting-password-will-remove = Sera retiré à l’enregistrement.
admin-setting-new-password = Nouveau mot de passe
admin-setting-password-keep = Laissez vide pour garder l’actuel
admin-setting-password-length = De { $min } à { $max } caractères.
admin-setting-password-missing = Saisissez le mot de passe, ou décochez la case.
admin-setting-common-name = « { $room } » est un nom trop courant pour être réservé : n’importe qui pourrait tomber dessus. Un mot de passe propriétaire ne peut pas être défini.
admin-setting-persistent = Permanente
admin-setting-persistent-hint = Jamais supprimée faute d’activité. Seuls les administrateurs peuvent le régler.
admin-setting-notify = Adresses prévenues quand quelqu’un arrive
admin-setting-notify-hint = Une adresse e-mail par ligne.
admin-setting-notify-invalid = « { $address } » n’est pas une adresse e-mail.
admin-settings-save = Enregistrer les réglages
admin-settings-saved = Réglages enregistrés.
admin-settings-unchanged = Rien n’a changé.

## Journal d’audit

admin-audit-title = Journal d’audit
admin-audit-total = { $count ->
    [0] Aucun événement
    [one] { $count } événement
   *[other] { $count } événements
}
admin-audit-filters = Filtrer le journal d’audit
admin-audit-from = Du
admin-audit-to = Au
admin-audit-event = Événement
admin-audit-event-all = Tous les événements
admin-audit-search = Rechercher
admin-audit-search-placeholder = Salle, adresse, utilisateur ou mots du message
admin-audit-range-wrong = La date de fin précède la date de début.
admin-audit-caption = Événements d’audit, du plus récent au plus ancien, heures dans votre fuseau horaire
admin-audit-pages = Pages du journal d’audit
admin-audit-empty = Aucun événement ne correspond à ces filtres
admin-audit-empty-hint = Élargissez les dates, choisissez tous les événements ou modifiez la recherche.
admin-col-time = Heure
admin-col-event = Événement
admin-col-room = Salle
admin-col-user = Utilisateur
admin-col-message = Message
admin-export-label = Exporter les événements filtrés
admin-export-xlsx = Exporter en XLSX
admin-export-csv = Exporter en CSV
admin-event-session-created = Session ouverte
admin-event-session-ended = Session fermée
admin-event-room-created = Salle créée
admin-event-room-changed = Réglages modifiés
admin-event-room-expired = Salle expirée
admin-event-room-deleted = Salle supprimée
admin-event-notify-changed = Liste de notification modifiée
admin-event-role-changed = Rôle modifié
admin-event-join-refused = Entrée refusée
admin-event-joined = Arrivée
admin-event-left = Départ
admin-event-kicked = Exclusion
admin-event-forged-identifier = Identifiant falsifié
admin-event-action-allowed = Action autorisée
admin-event-action-denied = Action refusée
admin-event-mail-sent = E-mail envoyé
admin-event-mail-failed = Échec d’e-mail
admin-event-feedback-sent = Avis envoyé
admin-event-invitation-sent = Invitation envoyée
admin-event-invitation-answered = Réponse à une invitation
admin-event-invitation-used = Invitation utilisée
admin-event-admin-login = Connexion admin
admin-event-admin-login-failed = Échec de connexion admin
admin-event-admin-logout = Déconnexion admin
admin-event-meeting-ended = Réunion terminée
admin-event-admin-joined = Entrée d’un admin
admin-event-notes-created = Notes créées
admin-event-notes-cleared = Notes effacées
admin-event-notes-deleted = Notes supprimées
