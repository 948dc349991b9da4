# Messages de la salle de réunion (même identifiants que locales/en/room.ftl ; chaque *.ftl du dossier est chargé).

## Partage d’écran
screen-share-start = Partager l’écran
screen-share-stop = Arrêter le partage
screen-share-failed = Impossible de partager votre écran.
screen-share-denied = Votre navigateur ou votre système n’autorise pas le partage d’écran. Vérifiez ses autorisations, puis réessayez.
screen-share-started = Vous partagez votre écran.
screen-share-started-audio = Vous partagez votre écran et son son.
screen-share-remote-started = { $name } partage son écran

## Vignettes
tile-pin = Épingler { $name }
tile-unpin = Désépingler { $name }
tile-fullscreen = Afficher { $name } en plein écran
tile-fullscreen-exit = Quitter le plein écran
tile-your-screen = Votre écran
tile-screen-of = Écran de { $name }

## Qualité de connexion (badge d’une vignette)
quality-good = Bonne connexion
quality-fair = Connexion moyenne
quality-poor = Mauvaise connexion
quality-rtt = aller-retour { $ms } ms
quality-loss = { $percent } % de perte

## Votre nom et votre couleur (réglages)
settings-you = Vous
settings-name-label = Votre nom
settings-name-hint = Le nom que voient les autres. Les changements s’affichent aussitôt.
settings-colour-label = Votre couleur
colour-0 = Bleu
colour-1 = Sarcelle
colour-2 = Rose
colour-3 = Orange
colour-4 = Pourpre
colour-5 = Bleu ciel
colour-6 = Vert
colour-7 = Rouge
colour-8 = Ocre
colour-9 = Cyan
colour-10 = Violet
colour-11 = Ardoise
settings-dialog-title = Réglages
settings-sounds = Sons
settings-language-hint = La page se recharge dans la nouvelle langue ; vous rejoignez ensuite la réunion.
settings-devices = Caméra et micro
settings-language = Langue
settings-saved-name = Vous vous appelez désormais « { $name } » pour tout le monde.
toast-renamed = { $old } s’appelle désormais { $name }
toast-invalid-name = Ce nom n’est pas accepté : { $max } caractères au plus, sans caractères invisibles.
toast-name-required = Cette réunion demande un nom : le vôtre ne peut pas être vide.

## Barre d’outils
toolbar-more = Plus d’options

## Raccourcis clavier (réglages)
shortcuts-title = Raccourcis clavier
shortcut-mic = Activer ou couper le micro
shortcut-cam = Activer ou couper la caméra
shortcut-hand = Lever ou baisser la main
shortcut-chat = Ouvrir ou fermer la discussion

## Renvoyé par un administrateur (écrans de fin)
ended-title = La réunion est terminée
ended-body = Un administrateur a mis fin à cette réunion pour tout le monde.
ended-rejoin = Revenir dans la salle
deleted-title = Cette salle n’existe plus
deleted-body = Un administrateur a supprimé cette salle.
deleted-new-room = Créer une nouvelle salle
