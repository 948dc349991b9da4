## Notes collaboratives (web/ui/notes.js) : un pad Etherpad à côté de la réunion.
notes-open = Notes partagées
notes-title = Notes
notes-frame-title = Les notes partagées de la réunion
notes-close = Fermer les notes
notes-open-tab = Ouvrir les notes dans un nouvel onglet
notes-loading = Ouverture des notes…
notes-unavailable = Les notes sont indisponibles pour le moment.
notes-unavailable-detail = Le serveur de notes ne répond pas. Votre appel n’est pas affecté, et les notes reviennent d’elles-mêmes dès qu’il répond.
notes-retry = Réessayer
notes-error-disabled = Ce serveur n’a pas de notes partagées.
notes-error-not-in-room = Seules les personnes présentes dans la réunion peuvent ouvrir ses notes. Rejoignez la réunion, puis réessayez.
notes-error-busy = Trop de demandes pour les notes. Patientez un instant, puis réessayez.
notes-error-other = Les notes n’ont pas pu être ouvertes.
## Effacer les notes (animateurs)
notes-clear = Effacer les notes
notes-clear-title = Effacer les notes ?
notes-clear-text = Tout ce qui est écrit dans les notes est supprimé, historique compris, pour toutes les personnes de la réunion. C’est définitif.
notes-clear-confirm = Effacer les notes
notes-clear-not-allowed = Seul un animateur peut effacer les notes.
notes-cleared-self = Vous avez effacé les notes.
notes-cleared-by = { $name } a effacé les notes.
notes-cleared = Les notes ont été effacées.
