# Messages de la salle de réunion (même identifiants que locales/en/room.ftl ; chaque *.ftl du dossier est chargé).
