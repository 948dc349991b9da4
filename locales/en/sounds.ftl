# Sounds, music on hold, reactions and raised hands in the people panel
# (web/ui/sounds.js, music.js, reactions.js, people.js, chat.js).

## The "Play sounds" setting (the meeting's settings dialog, the chat panel's bell)
sounds-setting = Play sounds
sounds-setting-hint = A short sound when someone joins or leaves, a chat message arrives or a hand goes up.
sounds-turn-off = Turn off sounds
sounds-turn-on = Turn on sounds

## Music on hold: the card on the stage while nobody else is in the meeting
hold-alone = You're the only one here
hold-alone-hint = The others will appear here as soon as they join.
# A toggle button (pressed while the music plays).
hold-music-play = Play music while you wait

## Reactions
reaction-send = Send a reaction
reaction-menu = Reactions
reaction-thumbs-up = Thumbs up
reaction-clap = Applause
reaction-laugh = Laughter
reaction-heart = Heart
reaction-surprised = Surprise
reaction-celebrate = Celebration
# Said to screen readers when a reaction arrives: "Ana: Applause" ($name is "You" for our own).
reaction-said = { $name }: { $reaction }

## People panel: a chairman's action on someone whose hand is up
action-lower-hand = Lower hand
