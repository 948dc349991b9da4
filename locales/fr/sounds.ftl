# Sons, musique d’attente, réactions et mains levées dans la liste des participants
# (web/ui/sounds.js, music.js, reactions.js, people.js, chat.js). Mêmes identifiants que locales/en/sounds.ftl.

## Le réglage « Jouer les sons » (réglages de la réunion, cloche du panneau de discussion)
sounds-setting = Jouer les sons
sounds-setting-hint = Un son bref quand quelqu’un arrive ou part, qu’un message arrive ou qu’une main se lève.
sounds-turn-off = Couper les sons
sounds-turn-on = Activer les sons

## Musique d’attente : la carte affichée tant que personne d’autre n’est dans la réunion
hold-alone = Personne d’autre n’est encore là
hold-alone-hint = Les autres participants apparaîtront ici dès leur arrivée.
# Bouton bascule (enfoncé pendant la musique).
hold-music-play = Écouter de la musique en attendant

## Réactions
reaction-send = Envoyer une réaction
reaction-menu = Réactions
reaction-thumbs-up = Pouce levé
reaction-clap = Applaudissements
reaction-laugh = Rires
reaction-heart = Cœur
reaction-surprised = Surprise
reaction-celebrate = Fête
# Annoncé aux lecteurs d’écran à l’arrivée d’une réaction : « Ana : Applaudissements » ($name vaut « Vous » pour les nôtres).
reaction-said = { $name } : { $reaction }

## Liste des participants : action d’un animateur sur quelqu’un qui a levé la main
action-lower-hand = Baisser la main
