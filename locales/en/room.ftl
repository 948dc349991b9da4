# Messages of the meeting room (owned by the room/meeting work; every *.ftl of a language directory is loaded).

## Screen sharing
screen-share-start = Share screen
screen-share-stop = Stop sharing
screen-share-failed = Couldn't start sharing your screen.
screen-share-denied = Your browser or system does not allow screen sharing. Check its permissions and try again.
screen-share-started = You are sharing your screen.
screen-share-started-audio = You are sharing your screen and its sound.
screen-share-remote-started = { $name } is sharing their screen

## Tiles
tile-pin = Pin { $name }
tile-unpin = Unpin { $name }
tile-fullscreen = Show { $name } full screen
tile-fullscreen-exit = Exit full screen
tile-your-screen = Your screen
tile-screen-of = { $name }'s screen

## Connection quality (a tile's badge)
quality-good = Good connection
quality-fair = Fair connection
quality-poor = Poor connection
quality-rtt = round trip { $ms } ms
quality-loss = { $percent } % lost

## Your name and colour (settings dialog)
settings-you = You
settings-name-label = Your name
settings-name-hint = How the others see you. Changes show at once.
settings-colour-label = Your colour
colour-0 = Blue
colour-1 = Teal
colour-2 = Pink
colour-3 = Orange
colour-4 = Purple
colour-5 = Sky blue
colour-6 = Green
colour-7 = Red
colour-8 = Ochre
colour-9 = Cyan
colour-10 = Violet
colour-11 = Slate
settings-dialog-title = Settings
settings-sounds = Sounds
settings-language-hint = The page reloads in the new language; you then join again.
settings-devices = Camera and microphone
settings-language = Language
settings-saved-name = You are now “{ $name }” for everyone.
toast-renamed = { $old } is now { $name }
toast-invalid-name = That name can't be used: at most { $max } characters, without invisible characters.
toast-name-required = This meeting asks for a name: yours can't be empty.

## Toolbar
toolbar-more = More options

## Keyboard shortcuts (settings dialog)
shortcuts-title = Keyboard shortcuts
shortcut-mic = Turn the microphone on or off
shortcut-cam = Turn the camera on or off
shortcut-hand = Raise or lower your hand
shortcut-chat = Open or close the chat

## Sent away by an administrator (end screens)
ended-title = The meeting was ended
ended-body = An administrator ended this meeting for everyone.
ended-rejoin = Rejoin
deleted-title = This room no longer exists
deleted-body = An administrator deleted this room.
deleted-new-room = Create a new room
