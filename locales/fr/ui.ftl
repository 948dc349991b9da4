# Français : les messages du client (web/ui). Mêmes identifiants que locales/en/ui.ftl.
# Vocabulaire : meeting = réunion, room = salle, chairman = animateur, mute = couper le micro,
# join password = mot de passe d’accès, owner password = mot de passe propriétaire. Vouvoiement.

-brand = VROOM

## Général
you = Vous
guest = Invité
close = Fermer
done = Terminé
cancel = Annuler
save = Enregistrer
go-home = Retour à l’accueil
copy-link = Copier le lien
link-copied = Lien copié — partagez-le avec les personnes que vous voulez retrouver.
link-copy-failed = Impossible de copier le lien. Le voici : { $url }
leave = Quitter la réunion

## Erreurs (API et imprévues)
error-network = Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.
error-rate-limited = Trop de tentatives. Patientez un instant, puis réessayez.
error-busy = Le serveur est très sollicité en ce moment. Réessayez dans quelques secondes.
error-too-many-changes =
    { $count ->
        [one] Trop de modifications. Réessayez dans { $count } seconde.
       *[other] Trop de modifications. Réessayez dans { $count } secondes.
    }
error-too-many-changes-later = Trop de modifications. Attendez une minute, puis réessayez.
error-generic = Une erreur s’est produite ({ $code }). Veuillez réessayer.
error-unexpected = Une erreur s’est produite

## Accueil : noms de salle
room-name-empty = Saisissez un nom de salle.
room-name-too-long = Un nom de salle compte au plus { $max } caractères.
room-name-invalid-character = Utilisez uniquement des lettres, des chiffres, « - » et « _ » (ni espaces ni accents).
room-name-reserved = Ce nom est utilisé par { -brand } lui-même. Choisissez-en un autre.
room-exists = La salle « { $name } » existe déjà.
room-exists-join = Rejoindre la salle existante
room-exists-other = Choisir un autre nom
join-empty = Saisissez un nom de salle ou collez le lien d’une réunion.

## Boutons du micro et de la caméra
mic-turn-off = Couper le micro
mic-turn-on = Activer le micro
cam-turn-off = Couper la caméra
cam-turn-on = Activer la caméra

## Choix des appareils
device-camera = Caméra
device-microphone = Micro
device-camera-n = Caméra { $n }
device-microphone-n = Micro { $n }
device-needs-permission = Autorisez l’accès pour choisir
device-no-camera = Aucune caméra trouvée
device-no-microphone = Aucun micro trouvé

## Avant d’entrer
prejoin-title = Prêt à participer ?
prejoin-room-label = Salle
prejoin-count-empty = Personne d’autre n’est encore là.
prejoin-count =
    { $count ->
        [one] { $count } personne est dans cette salle.
       *[other] { $count } personnes sont dans cette salle.
    }
prejoin-name-label = Votre nom
prejoin-name-placeholder = Tel que les autres le verront
prejoin-join = Participer
prejoin-preview-label = Aperçu de votre caméra
prejoin-mic-level = Niveau du micro
prejoin-starting = Démarrage de la caméra…
prejoin-camera-off = Votre caméra est coupée
prejoin-no-camera = Pas de caméra
prejoin-camera-blocked = Caméra bloquée
prejoin-name-label-required = Votre nom (obligatoire)
prejoin-name-required = Cette réunion demande votre nom. Saisissez-le pour entrer.
prejoin-chairman = Vous entrerez en tant qu’animateur de cette réunion.

## Avant d’entrer : ce que la salle demande à un nouveau venu
prejoin-password = Mot de passe de la réunion
prejoin-owner-password = Mot de passe propriétaire
prejoin-password-required = Cette réunion est protégée par un mot de passe.
prejoin-locked = Cette réunion est verrouillée. Son propriétaire peut toujours entrer avec le mot de passe propriétaire.
prejoin-banned-title = Vous avez été retiré de cette réunion
prejoin-banned =
    { $count ->
        [one] Vous pourrez revenir dans { $count } minute.
       *[other] Vous pourrez revenir dans { $count } minutes.
    }
prejoin-banned-now = Vous avez été retiré de cette réunion et ne pouvez pas encore revenir.
password-empty = Saisissez le mot de passe.
password-wrong = Ce mot de passe n’est pas le bon. Vérifiez-le et réessayez.
password-locked = Cette réunion est verrouillée : seul son mot de passe propriétaire permet d’entrer.
password-too-many =
    { $count ->
        [one] Trop de tentatives. Réessayez dans { $count } seconde.
       *[other] Trop de tentatives. Réessayez dans { $count } secondes.
    }
password-too-many-later = Trop de tentatives. Réessayez un peu plus tard.
# le serveur a refusé l’entrée (retour à l’écran d’avant l’entrée)
prejoin-refused-locked = Vous n’avez pas pu entrer : la réunion est verrouillée.
prejoin-refused-password-required = Vous n’avez pas pu entrer : cette réunion demande son mot de passe.
prejoin-refused-name-required = Vous n’avez pas pu entrer : cette réunion demande votre nom.
prejoin-refused-banned = Vous n’avez pas pu entrer : vous avez été retiré de cette réunion.
prejoin-refused-room-full = Vous n’avez pas pu entrer : la réunion est complète. Réessayez plus tard.
prejoin-refused-invalid-name = Ce nom ne peut pas être utilisé. Choisissez un nom plus court, sans caractères spéciaux.

## Avant d’entrer : avis sur les appareils
media-retry = Réessayer
media-join-anyway = Vous pouvez tout de même entrer pour voir et écouter.
media-no-camera-title = Aucune caméra trouvée
media-no-camera-body = Vous participerez avec le son uniquement.
media-no-microphone-title = Aucun micro trouvé
media-no-microphone-body = Les autres ne vous entendront pas. Branchez un micro et réessayez, ou entrez quand même.
media-no-devices-title = Aucune caméra ni aucun micro trouvé
media-no-devices-body = Vous pouvez tout de même entrer pour voir et écouter.
media-denied-title = La caméra et le micro sont bloqués
media-denied-body = Votre navigateur n’autorise pas { -brand } à utiliser votre caméra et votre micro : les autres ne peuvent ni vous voir ni vous entendre.
media-denied-how = Pour les autoriser, cliquez sur l’icône de caméra ou de cadenas dans la barre d’adresse, choisissez « Autoriser » pour la caméra et le micro, puis appuyez sur « Réessayer ».
media-busy-title = Votre caméra ou votre micro est occupé
media-busy-body = Une autre application l’utilise peut-être. Fermez-la, puis réessayez.
media-error-title = Impossible de démarrer votre caméra ou votre micro
media-error-body = Vérifiez qu’ils sont bien branchés, puis réessayez.
media-insecure-title = La caméra et le micro sont indisponibles
media-insecure-body = Les navigateurs ne les autorisent que sur les pages sécurisées (https). Demandez à l’administrateur de ce serveur d’activer HTTPS.

## Erreurs d’appareils en cours de réunion (notifications)
media-error-audio-denied = Le navigateur a bloqué le micro. Autorisez-le dans la barre d’adresse, puis réessayez.
media-error-audio-notfound = Aucun micro trouvé.
media-error-audio-busy = Le micro est utilisé par une autre application.
media-error-audio-error = Impossible de démarrer le micro.
media-error-video-denied = Le navigateur a bloqué la caméra. Autorisez-la dans la barre d’adresse, puis réessayez.
media-error-video-notfound = Aucune caméra trouvée.
media-error-video-busy = La caméra est utilisée par une autre application.
media-error-video-error = Impossible de démarrer la caméra.

## Réunion
meeting-grid-label = Vidéos des participants
toolbar-label = Commandes de la réunion
settings-open = Paramètres
people-title = Participants
people-you = { $name } (vous)
people-count =
    { $count ->
        [one] { $count } personne dans la réunion
       *[other] { $count } personnes dans la réunion
    }
banner-reconnecting = Reconnexion…
banner-enable-sound = Cliquez pour activer le son
tile-mic-off = Micro coupé
tile-hand-raised = Main levée
hand-raise = Lever la main
hand-lower = Baisser la main
toast-hand-raised = { $name } a levé la main
tile-mic-on = Micro activé
tile-cam-off = Caméra coupée
tile-cam-on = Caméra activée
tile-reconnecting = Reconnexion…
tile-connecting = Connexion…
tile-connection-unstable = Connexion instable…
tile-connection-failed = Connexion impossible — nouvel essai…
toast-joined = { $name } a rejoint la réunion
toast-left = { $name } est parti
toast-timed-out = { $name } a perdu la connexion
toast-reconnected = Vous êtes de nouveau en ligne.
toast-rate-limited = Ralentissez un peu : le serveur reçoit trop de messages.
toast-mic-lost = Votre micro a cessé de fonctionner ou a été débranché.
toast-cam-lost = Votre caméra a cessé de fonctionner ou a été débranchée.
toast-not-allowed = Seul un animateur peut faire cela.
toast-not-allowed-chairman = Ce n’est pas permis.
toast-not-allowed-self-kick = { $name }, c’est vous, dans une autre fenêtre ou un autre onglet. Fermez cette fenêtre pour la faire sortir de la réunion.
toast-not-allowed-self = { $name }, c’est vous, dans une autre fenêtre ou un autre onglet : vous ne pouvez pas faire cela à vous-même.
toast-away-mic-off = Un animateur a coupé votre micro pendant votre reconnexion.
toast-away-cam-off = Un animateur a coupé votre caméra pendant votre reconnexion.
toast-away-both-off = Un animateur a coupé votre micro et votre caméra pendant votre reconnexion.
toast-not-connected = Pas de connexion pour le moment. Réessayez dans un instant.
toast-participant-gone = Cette personne n’est plus joignable.
toast-asked-unmute = Vous avez demandé à { $name } d’activer son micro.
toast-asked-video = Vous avez demandé à { $name } d’activer sa caméra.
meeting-locked = La réunion est verrouillée

## Panneau des participants et commandes des animateurs
people-title-count = Participants ({ $count })
people-close = Fermer le panneau des participants
people-chairman = Animateur
people-actions = Actions pour { $name }
people-actions-menu = Actions
people-chair-tools = Commandes de réunion des animateurs
people-mute-all = Couper tous les micros
people-lock = Verrouiller la réunion
people-unlock = Déverrouiller la réunion
people-room-settings = Paramètres de la salle
people-claim-chair = Devenir animateur
people-locked-note = La réunion est verrouillée : personne d’autre ne peut entrer.

## Discussion
chat-open = Discussion (C)
chat-open-unread =
    { $count ->
        [one] Discussion (C), { $count } message non lu
       *[other] Discussion (C), { $count } messages non lus
    }
chat-title = Discussion
chat-close = Fermer la discussion
chat-list-label = Messages
chat-empty = Aucun message pour l’instant. Les messages sont visibles par tous les participants, et seulement le temps de la réunion.
chat-you = Vous
chat-input-label = Écrire à tout le monde
chat-input-placeholder = Écrire à tout le monde
chat-send = Envoyer
chat-counter = { $count } / { $max }
chat-too-long =
    { $count ->
        [one] { $count } caractère en trop.
       *[other] { $count } caractères en trop.
    }
chat-save = Enregistrer la discussion
chat-save-file = vroom-discussion-{ $room }-{ $date }.txt
chat-error-invalid = Ce message ne peut pas être envoyé : il est vide, trop long, ou contient des caractères de contrôle invisibles.
chat-error-rate-limited = Vous envoyez des messages trop vite. Patientez un instant, puis réessayez.
chat-error-name-required = Cette salle demande un nom pour participer à la discussion. Quittez la réunion et revenez avec un nom.
chat-error-not-connected = Pas de connexion pour le moment : votre message n’a pas été envoyé. Réessayez dans un instant.
action-mute = Couper le micro
action-stop-video = Couper la caméra
action-ask-unmute = Demander d’activer le micro
action-ask-video = Demander d’activer la caméra
action-promote = Nommer animateur
action-kick = Retirer de la réunion
kick-confirm-title = Retirer { $name } ?
kick-confirm-body = { $name } quittera la réunion immédiatement et ne pourra pas revenir avant un moment.
kick-confirm-ok = Retirer
claim-title = Devenir animateur
claim-body = Cette salle est réservée. Saisissez son mot de passe propriétaire pour devenir animateur.
claim-label = Mot de passe propriétaire
claim-submit = Devenir animateur
claim-not-owner = Ce n’est pas le mot de passe propriétaire.

## Ce qu’ont fait les animateurs (avis)
mod-muted = { $name } a coupé le micro de { $target }
mod-muted-you = { $name } a coupé votre micro
mod-muted-by-you = Vous avez coupé le micro de { $target }
mod-video-stopped = { $name } a coupé la caméra de { $target }
mod-video-stopped-you = { $name } a coupé votre caméra
mod-video-stopped-by-you = Vous avez coupé la caméra de { $target }
mod-muted-all = { $name } a coupé tous les micros
mod-muted-all-by-you = Vous avez coupé tous les micros
mod-kicked = { $name } a retiré { $target } de la réunion
mod-kicked-you = { $name } vous a retiré de la réunion
mod-kicked-by-you = Vous avez retiré { $target } de la réunion
mod-promoted = { $name } a nommé { $target } animateur
mod-promoted-you = { $name } vous a nommé animateur
mod-promoted-by-you = Vous avez nommé { $target } animateur
mod-hand-lowered = { $name } a baissé la main de { $target }
mod-hand-lowered-you = { $name } a baissé votre main
mod-hand-lowered-by-you = Vous avez baissé la main de { $target }

## Un animateur vous demande quelque chose
request-unmute = { $name } vous demande d’activer votre micro
request-unmute-accept = Activer le micro
request-video = { $name } vous demande d’activer votre caméra
request-video-accept = Activer la caméra
request-not-now = Pas maintenant

## Retiré de la réunion
kicked-title = { $name } vous a retiré de cette réunion.
kicked-title-anon = Vous avez été retiré de cette réunion.
kicked-ban =
    { $count ->
        [one] Vous pourrez revenir dans { $count } minute.
       *[other] Vous pourrez revenir dans { $count } minutes.
    }
kicked-no-ban = Vous pouvez revenir quand vous le souhaitez.
kicked-rejoin = Revenir dans la réunion

## Paramètres de la salle modifiés (par quelqu’un : -by ; par vous : -you ; par personne dans la salle : -anon)
set-locked-by = { $name } a verrouillé la réunion
set-locked-you = Vous avez verrouillé la réunion
set-locked-anon = La réunion est maintenant verrouillée
set-unlocked-by = { $name } a déverrouillé la réunion
set-unlocked-you = Vous avez déverrouillé la réunion
set-unlocked-anon = La réunion est maintenant déverrouillée
set-name-required-by = { $name } a rendu le nom obligatoire pour entrer
set-name-required-you = Vous avez rendu le nom obligatoire pour entrer
set-name-required-anon = Un nom est maintenant obligatoire pour entrer
set-name-optional-by = { $name } a rendu le nom facultatif
set-name-optional-you = Vous avez rendu le nom facultatif
set-name-optional-anon = Le nom n’est plus obligatoire pour entrer
set-join-password-set-by = { $name } a défini un mot de passe d’accès
set-join-password-set-you = Vous avez défini un mot de passe d’accès
set-join-password-set-anon = La réunion a maintenant un mot de passe d’accès
set-join-password-changed-by = { $name } a changé le mot de passe d’accès
set-join-password-changed-you = Vous avez changé le mot de passe d’accès
set-join-password-changed-anon = Le mot de passe d’accès a été changé
set-join-password-removed-by = { $name } a supprimé le mot de passe d’accès
set-join-password-removed-you = Vous avez supprimé le mot de passe d’accès
set-join-password-removed-anon = Le mot de passe d’accès a été supprimé
set-owner-password-set-by = { $name } a réservé cette salle avec un mot de passe propriétaire
set-owner-password-set-you = Vous avez réservé cette salle avec un mot de passe propriétaire
set-owner-password-set-anon = Cette salle est maintenant réservée avec un mot de passe propriétaire
set-owner-password-changed-by = { $name } a changé le mot de passe propriétaire
set-owner-password-changed-you = Vous avez changé le mot de passe propriétaire
set-owner-password-changed-anon = Le mot de passe propriétaire a été changé
set-owner-password-removed-by = { $name } a supprimé le mot de passe propriétaire
set-owner-password-removed-you = Vous avez supprimé le mot de passe propriétaire
set-owner-password-removed-anon = Le mot de passe propriétaire a été supprimé
set-max-members-by =
    { $count ->
        [one] { $name } a limité la réunion à { $count } personne
       *[other] { $name } a limité la réunion à { $count } personnes
    }
set-max-members-you =
    { $count ->
        [one] Vous avez limité la réunion à { $count } personne
       *[other] Vous avez limité la réunion à { $count } personnes
    }
set-max-members-anon =
    { $count ->
        [one] La réunion est maintenant limitée à { $count } personne
       *[other] La réunion est maintenant limitée à { $count } personnes
    }
set-max-members-none-by = { $name } a supprimé la limite de participants
set-max-members-none-you = Vous avez supprimé la limite de participants
set-max-members-none-anon = La réunion n’a plus de limite de participants
set-notify-by = { $name } a changé qui est prévenu quand quelqu’un entre
set-notify-you = Vous avez changé qui est prévenu quand quelqu’un entre
set-notify-anon = Les personnes prévenues quand quelqu’un entre ont été changées
set-other-by = { $name } a modifié les paramètres de la salle
set-other-you = Vous avez modifié les paramètres de la salle
set-other-anon = Les paramètres de la salle ont été modifiés

## Fenêtre des paramètres de la salle (animateurs)
rs-title = Paramètres de la salle
rs-access = Qui peut entrer
rs-locked = Verrouiller la réunion
rs-locked-hint = Personne d’autre ne peut entrer. Le mot de passe propriétaire permet toujours d’entrer.
rs-require-name = Exiger un nom
rs-require-name-hint = Les nouveaux venus doivent saisir un nom pour entrer.
rs-join-password = Exiger un mot de passe d’accès
rs-join-password-hint = Les nouveaux venus doivent le saisir avant d’entrer.
rs-ownership = Propriété
rs-owner-password = Réserver cette salle avec un mot de passe propriétaire
rs-owner-password-hint = Quiconque le saisit devient animateur, même quand la réunion est verrouillée.
rs-common-name = Le nom de cette salle est trop courant pour être réservé. Créez une salle au nom plus distinctif pour la réserver.
rs-password = Mot de passe
rs-password-new = Nouveau mot de passe
rs-password-keep = Laissez vide pour garder le mot de passe actuel
rs-join-password-is-set = Un mot de passe est défini. Saisissez-en un nouveau pour le changer, ou décochez la case pour le supprimer.
rs-owner-password-is-set = Cette salle est réservée. Saisissez un nouveau mot de passe pour le changer, ou décochez la case pour le supprimer : dans les deux cas, le mot de passe propriétaire actuel est nécessaire.
rs-current-owner-password = Mot de passe propriétaire actuel
rs-current-owner-password-hint = Le mot de passe qui a réservé cette salle. Même un animateur ne peut pas le changer ni le supprimer sans lui.
rs-current-owner-password-missing = Saisissez le mot de passe propriétaire actuel (celui qui a réservé cette salle) pour le changer ou le supprimer.
rs-current-owner-password-wrong = Ce n’est pas le mot de passe propriétaire actuel. Saisissez celui qui a réservé cette salle.
rs-owner-password-reserved-meanwhile = Quelqu’un a réservé cette salle pendant que cette fenêtre était ouverte. Fermez-la et rouvrez-la pour voir la salle telle qu’elle est maintenant.
rs-password-length = De { $min } à { $max } caractères.
rs-password-missing = Saisissez un mot de passe, ou décochez la case.
rs-people = Participants
rs-max-members = Nombre maximal de participants
rs-max-members-hint = 0 signifie sans limite.
rs-max-members-hint-limit = 0 signifie sans limite (ce serveur en accepte au plus { $limit }).
rs-max-members-invalid = Saisissez un nombre entier, 0 ou plus.
rs-max-members-range = Saisissez un nombre entier de 0 à { $limit }.
rs-notify = Prévenir ces adresses quand quelqu’un entre
rs-notify-hint = Une adresse e-mail par ligne, jusqu’à { $max }.
rs-notify-placeholder = nom@exemple.fr
rs-notify-too-many = Au plus { $max } adresses.
rs-notify-invalid = « { $address } » n’est pas une adresse e-mail valide.
rs-server-refused = Le serveur a refusé cette valeur : { $detail }
rs-not-allowed = Seul un animateur peut modifier les paramètres de la salle.
rs-saved = Paramètres de la salle enregistrés

## Le serveur a refusé l’entrée pour de bon
fatal-retry = Réessayer
fatal-room-not-found-title = Cette salle n’existe plus
fatal-room-not-found-body = Elle a peut-être été fermée. Vous pouvez la recréer depuis la page de la salle.
fatal-room-full-title = Cette salle est complète
fatal-room-full-body = Personne d’autre ne peut entrer pour le moment. Réessayez plus tard.
fatal-invalid-name-title = Ce nom ne peut pas être utilisé
fatal-invalid-name-body = Choisissez un nom plus court, sans caractères spéciaux, puis réessayez.
fatal-invalid-room-name-title = Ce n’est pas un nom de salle valide
fatal-invalid-room-name-body = Les noms de salle se composent de lettres, de chiffres, « - » et « _ ».
fatal-unsupported-protocol-title = { -brand } a été mis à jour
fatal-unsupported-protocol-body = Rechargez la page pour obtenir la nouvelle version.
fatal-replaced-title = Vous avez rejoint la réunion ailleurs
fatal-replaced-body = Cette fenêtre a quitté la réunion, car un autre onglet ou appareil a pris votre place.
fatal-generic-title = Impossible de rejoindre la réunion
fatal-generic-body = Veuillez réessayer.

## Choix de la langue (web/ui/language.js, et les liens des pages sans script). Le nom de chaque langue est
## écrit dans cette langue, le même dans tous les fichiers.
language-label = Langue
language-en = English
language-fr = Français
