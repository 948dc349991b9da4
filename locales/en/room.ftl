# Messages of the meeting room (owned by the room/meeting work; every *.ftl of a language directory is loaded).
