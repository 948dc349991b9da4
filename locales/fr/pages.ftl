# Français : les pages rendues par le serveur (templates/*.html, crates/vroom-server/src/http/pages.rs).

## Toutes les pages (base.html)
page-title = { -brand }
skip-to-content = Aller au contenu
brand-home = Accueil de { -brand }
page-needs-script = { -brand } a besoin de JavaScript pour lancer une réunion ou y participer.

## Accueil (home.html)
home-title = { -brand } — réunions vidéo
home-heading = Les réunions vidéo, tout simplement.
home-tagline = Lancez une réunion en un clic et partagez le lien. Sans compte, sans application à installer — et sur votre propre serveur.
home-create-heading = Lancer une réunion
home-room-name-label = Nom de la salle
home-optional = (facultatif)
home-room-name-placeholder = ex. : point-equipe
home-room-name-hint = Lettres, chiffres, « - » et « _ ». Laissez vide pour un nom aléatoire, difficile à deviner.
home-create-button = Lancer une réunion
home-join-heading = Rejoindre une réunion
home-join-label = Nom de la salle ou lien
home-join-button = Rejoindre
home-join-hint = Collez le lien que vous avez reçu, ou saisissez le nom de la salle.
home-feature-install-title = Rien à installer
home-feature-install = Fonctionne dans tout navigateur récent, sur téléphone comme sur ordinateur.
home-feature-direct-title = Connexions directes
home-feature-direct = Le son et l’image passent directement entre les participants.
home-feature-yours-title = À vous
home-feature-yours = Auto-hébergé et libre : vos réunions restent sur votre serveur.

## Une salle (room.html)
room-loading = Préparation…
room-needs-script = { -brand } a besoin de JavaScript pour participer à une réunion.
room-missing-heading = Cette salle n’existe pas encore
# $room est le nom de la salle, en gras
room-missing-lead = Aucune réunion nommée { $room } n’a été créée. Créez-la pour lancer une réunion ici, puis partagez le lien.
room-missing-create = La créer

## Une salle complète (full.html)
full-title = Réunion complète
full-heading = Cette réunion est complète
# $room est le nom de la salle, en gras
full-lead-limit =
    { $limit ->
        [one] { $room } a atteint sa limite de { $limit } personne.
       *[other] { $room } a atteint sa limite de { $limit } personnes.
    }
full-lead-retry = Cette page vérifie à nouveau toutes les { $seconds } secondes et vous fait entrer dès que quelqu’un part.
full-retry = Réessayer maintenant

## Après avoir quitté (goodbye.html)
goodbye-title-room = Vous avez quitté { $room }
goodbye-title = Vous avez quitté la réunion
goodbye-lead = Merci d’avoir utilisé { -brand }. Votre caméra et votre micro sont coupés.
goodbye-rejoin = Revenir
goodbye-home = Accueil

## Pages d’erreur (error.html)
error-status = Erreur { $status }
page-not-found-title = Page introuvable
page-not-found-body = Il n’y a rien à cette adresse. Vérifiez le lien, ou lancez une nouvelle réunion.
page-unavailable-title = Service indisponible
page-unavailable-body = Le serveur ne parvient pas à joindre sa base de données. Veuillez réessayer dans un instant.
page-render-failed = La page n’a pas pu être affichée.
