//! A live room as a state machine: who is in it, and which messages each input produces for whom.
//! It owns no sockets and no clocks; the server's room actor feeds it and delivers what it returns.

use std::collections::{BTreeMap, VecDeque};

use subtle::ConstantTimeEq;

use crate::participant::{
    Colour, PALETTE_SIZE, ParticipantId, ParticipantInfo, normalize_display_name,
};
use crate::protocol::{
    ChatMessage, EndReason, ErrorCode, IceConfig, JoinRequest, LeaveReason, Limits, MAX_CHAT_CHARS,
    ModerationAction, ModerationNotice, PROTOCOL_VERSION, ParticipantRef, Reaction, RequestKind,
    RoomSettingsView, ServerMessage, SignalPayload, UpdateRequest, Welcome,
};
use crate::role::Role;
use crate::room_name::RoomName;

/// Who a message produced by the room goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    One(ParticipantId),
    /// Everyone in the room but this participant.
    Others(ParticipantId),
    /// Everyone in the room.
    All,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub to: Recipient,
    pub message: ServerMessage,
}

impl Outgoing {
    fn one(to: &ParticipantId, message: ServerMessage) -> Self {
        Self {
            to: Recipient::One(to.clone()),
            message,
        }
    }

    fn others(except: &ParticipantId, message: ServerMessage) -> Self {
        Self {
            to: Recipient::Others(except.clone()),
            message,
        }
    }

    fn all(message: ServerMessage) -> Self {
        Self {
            to: Recipient::All,
            message,
        }
    }

    fn error(to: &ParticipantId, code: ErrorCode, message: impl Into<String>) -> Self {
        Self::one(
            to,
            ServerMessage::Error {
                code,
                message: message.into(),
            },
        )
    }
}

/// What the server supplies for a join: fresh random values, and per-participant settings.
#[derive(Debug, Clone)]
pub struct Admission {
    /// The id to give if this is a new participant.
    pub id: ParticipantId,
    /// The resume secret to give if this is a new participant.
    pub resume_token: String,
    pub ice: IceConfig,
    pub limits: Limits,
    /// The role the joining session holds in this room already, if any.
    pub granted: Option<Role>,
    /// Seconds left of a ban from this room (after a kick), if any. Only a resume or a chairman role
    /// gets past it.
    pub banned_for: Option<u64>,
    /// The session holds a valid invitation to this room: a chairman asked for this person, so
    /// neither the lock nor the join password stops them (a ban, a required name and the member
    /// limit still do).
    pub invited: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Joined {
    pub id: ParticipantId,
    /// True when the join took back an existing place.
    pub resumed: bool,
    pub outgoing: Vec<Outgoing>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JoinError {
    #[error("this server speaks protocol version {PROTOCOL_VERSION}")]
    UnsupportedProtocol,
    #[error("{0}")]
    InvalidName(String),
    #[error("the room is full (limit: {0})")]
    RoomFull(usize),
    #[error("{}", if *.owner_password {
        "the room is locked; only its owner password lets a newcomer in"
    } else {
        "the room is locked"
    })]
    Locked { owner_password: bool },
    #[error("this room needs its join password")]
    PasswordRequired,
    #[error("this room asks for a display name")]
    NameRequired,
    #[error("you were removed from this room; you may come back in {0} s")]
    Banned(u64),
}

impl JoinError {
    pub fn code(&self) -> ErrorCode {
        match self {
            JoinError::UnsupportedProtocol => ErrorCode::UnsupportedProtocol,
            JoinError::InvalidName(_) => ErrorCode::InvalidName,
            JoinError::RoomFull(_) => ErrorCode::RoomFull,
            JoinError::Locked { .. } => ErrorCode::Locked,
            JoinError::PasswordRequired => ErrorCode::PasswordRequired,
            JoinError::NameRequired => ErrorCode::NameRequired,
            JoinError::Banned(_) => ErrorCode::Banned,
        }
    }
}

/// What a moderation request came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModerationOutcome {
    /// Done; the effect, if any, is for the server to persist.
    Done(Option<Effect>),
    /// Allowed, but there was nothing to change (already muted...).
    NoChange,
    /// Refused with this error (sent to the requester).
    Refused(ErrorCode),
}

/// A moderation result the server must make last beyond the live room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// The target was removed: revoke its role and keep it out for a while.
    Kicked,
    /// The target became a chairman: record the role for its session.
    Promoted,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Moderation {
    pub outcome: ModerationOutcome,
    pub outgoing: Vec<Outgoing>,
}

impl Moderation {
    fn refused(to: &ParticipantId, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            outcome: ModerationOutcome::Refused(code),
            outgoing: vec![Outgoing::error(to, code, message)],
        }
    }

    fn no_change() -> Self {
        Self {
            outcome: ModerationOutcome::NoChange,
            outgoing: Vec::new(),
        }
    }
}

/// What a joined participant may ask of its room.
#[derive(Debug, Clone, PartialEq)]
pub enum RoomCommand {
    Signal {
        to: ParticipantId,
        payload: SignalPayload,
    },
    Update(UpdateRequest),
    /// A chat message; `at` is the server's clock (unix milliseconds).
    Chat {
        text: String,
        at: u64,
    },
    React(Reaction),
    Leave,
}

#[derive(Debug)]
struct Member {
    info: ParticipantInfo,
    resume_token: String,
}

#[derive(Debug)]
pub struct Room {
    name: RoomName,
    settings: RoomSettingsView,
    /// Told to a kicked participant: how long the server keeps them out.
    kick_ban_seconds: u64,
    members: BTreeMap<ParticipantId, Member>,
    /// The last messages, for those who join later.
    chat: VecDeque<ChatMessage>,
    chat_history: usize,
    next_chat_seq: u64,
}

impl Room {
    pub fn new(name: RoomName, settings: RoomSettingsView, kick_ban_seconds: u64) -> Self {
        Self {
            name,
            settings,
            kick_ban_seconds,
            members: BTreeMap::new(),
            chat: VecDeque::new(),
            chat_history: 0,
            next_chat_seq: 1,
        }
    }

    /// Keeps the last `messages` chat messages for newcomers (0: none).
    pub fn with_chat_history(mut self, messages: usize) -> Self {
        self.chat_history = messages;
        self
    }

    pub fn settings(&self) -> &RoomSettingsView {
        &self.settings
    }

    /// Applies new settings and tells everyone; `changed` names what changed.
    pub fn set_settings(
        &mut self,
        settings: RoomSettingsView,
        by: Option<&ParticipantId>,
        changed: Vec<String>,
    ) -> Vec<Outgoing> {
        self.settings = settings.clone();
        let by = by.and_then(|id| self.reference(id));
        vec![Outgoing::all(ServerMessage::RoomSettings {
            settings,
            by,
            changed,
        })]
    }

    /// The notes were emptied (through the API): everyone is told, naming `by` if it is here.
    pub fn notes_cleared(&self, by: Option<&ParticipantId>) -> Vec<Outgoing> {
        let by = by.and_then(|id| self.reference(id));
        vec![Outgoing::all(ServerMessage::NotesCleared { by })]
    }

    pub fn role(&self, id: &ParticipantId) -> Option<Role> {
        self.members.get(id).map(|m| m.info.role)
    }

    /// Gives a participant a new role (claimed with the owner password, or granted elsewhere).
    pub fn set_role(&mut self, id: &ParticipantId, role: Role) -> Vec<Outgoing> {
        let Some(member) = self.members.get_mut(id) else {
            return Vec::new();
        };
        if member.info.role == role {
            return Vec::new();
        }
        member.info.role = role;
        vec![Outgoing::all(ServerMessage::ParticipantUpdated {
            participant: member.info.clone(),
        })]
    }

    fn reference(&self, id: &ParticipantId) -> Option<ParticipantRef> {
        self.members.get(id).map(|m| ParticipantRef {
            id: id.clone(),
            name: m.info.name.clone(),
        })
    }

    pub fn name(&self) -> &RoomName {
        &self.name
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn contains(&self, id: &ParticipantId) -> bool {
        self.members.contains_key(id)
    }

    pub fn participants(&self) -> impl Iterator<Item = &ParticipantInfo> {
        self.members.values().map(|m| &m.info)
    }

    /// Admits a participant, or gives a dropped one its place back when `resume` matches.
    pub fn join(&mut self, req: &JoinRequest, admission: Admission) -> Result<Joined, JoinError> {
        if req.protocol != PROTOCOL_VERSION {
            return Err(JoinError::UnsupportedProtocol);
        }
        let name =
            normalize_display_name(&req.name).map_err(|e| JoinError::InvalidName(e.to_string()))?;

        if let Some(id) = self.resumable(req) {
            let member = self
                .members
                .get_mut(&id)
                .expect("resumable returned a present member");
            member.info.name = name;
            // What a chairman switched off while the connection was down stays off: a resume never
            // turns a microphone or camera on by itself (a later `update` may).
            member.info.audio &= req.audio;
            member.info.video &= req.video;
            member.info.screen = req.screen;
            if let Some(colour) = req.colour {
                member.info.colour = colour;
            }
            member.info.connected = true;
            let info = member.info.clone();
            let token = member.resume_token.clone();
            let mut outgoing = vec![self.welcome(&info, token, true, admission)];
            outgoing.push(Outgoing::others(
                &id,
                ServerMessage::ParticipantUpdated { participant: info },
            ));
            return Ok(Joined {
                id,
                resumed: true,
                outgoing,
            });
        }

        // A chairman is never banned: the owner password brings the owner back whoever removed them.
        if let Some(seconds) = admission.banned_for
            && admission.granted != Some(Role::Chairman)
        {
            return Err(JoinError::Banned(seconds));
        }
        let role = self.admit(admission.granted, admission.invited, &name)?;
        // A fresh place has no peer connections yet: a share starts again with an `update`.
        let info = ParticipantInfo {
            id: admission.id.clone(),
            name,
            audio: req.audio,
            video: req.video,
            connected: true,
            role,
            hand: false,
            colour: req.colour.unwrap_or_else(|| self.least_used_colour()),
            screen: false,
        };
        let id = info.id.clone();
        let token = admission.resume_token.clone();
        self.members.insert(
            id.clone(),
            Member {
                info: info.clone(),
                resume_token: token.clone(),
            },
        );
        let outgoing = vec![
            self.welcome(&info, token, false, admission),
            Outgoing::others(&id, ServerMessage::ParticipantJoined { participant: info }),
        ];
        Ok(Joined {
            id,
            resumed: false,
            outgoing,
        })
    }

    /// Whether a newcomer holding `granted` may take a new place, and with which role. Those already in
    /// the room (resuming) are not asked again: a lock keeps out everyone not admitted, including
    /// people who were here earlier, but not a chairman.
    fn admit(&self, granted: Option<Role>, invited: bool, name: &str) -> Result<Role, JoinError> {
        let role = match granted {
            Some(Role::Chairman) => Role::Chairman,
            granted => {
                if self.settings.locked && !invited {
                    return Err(JoinError::Locked {
                        owner_password: self.settings.owner_password,
                    });
                }
                if self.settings.join_password && granted != Some(Role::Participant) && !invited {
                    return Err(JoinError::PasswordRequired);
                }
                if self.settings.require_name && name.is_empty() {
                    return Err(JoinError::NameRequired);
                }
                Role::Participant
            }
        };
        let limit = self.settings.member_limit as usize;
        if limit > 0 && self.members.len() >= limit {
            return Err(JoinError::RoomFull(limit));
        }
        Ok(role)
    }

    /// The participant whose place `req` would take back, if its resume token matches.
    pub fn resumable(&self, req: &JoinRequest) -> Option<ParticipantId> {
        let resume = req.resume.as_ref()?;
        let member = self.members.get(&resume.participant)?;
        let matches: bool = member
            .resume_token
            .as_bytes()
            .ct_eq(resume.token.as_bytes())
            .into();
        matches.then(|| resume.participant.clone())
    }

    fn welcome(
        &self,
        you: &ParticipantInfo,
        resume_token: String,
        resumed: bool,
        admission: Admission,
    ) -> Outgoing {
        let participants = self
            .members
            .values()
            .filter(|m| m.info.id != you.id)
            .map(|m| m.info.clone())
            .collect();
        Outgoing::one(
            &you.id,
            ServerMessage::Welcome(Box::new(Welcome {
                protocol: PROTOCOL_VERSION,
                room: self.name.to_string(),
                you: you.clone(),
                resume_token,
                resumed,
                participants,
                settings: self.settings.clone(),
                chat: self.chat.iter().cloned().collect(),
                ice: admission.ice,
                limits: admission.limits,
            })),
        )
    }

    /// Handles a command from a joined participant. Unknown senders produce nothing.
    pub fn handle(&mut self, from: &ParticipantId, command: RoomCommand) -> Vec<Outgoing> {
        if !self.members.contains_key(from) {
            return Vec::new();
        }
        match command {
            RoomCommand::Signal { to, payload } => self.relay(from, to, payload),
            RoomCommand::Update(update) => self.update(from, update),
            RoomCommand::Chat { text, at } => self.chat(from, text, at),
            RoomCommand::React(reaction) => match self.reference(from) {
                Some(by) => vec![Outgoing::all(ServerMessage::Reaction {
                    from: by,
                    reaction,
                })],
                None => Vec::new(),
            },
            RoomCommand::Leave => self.remove(from, LeaveReason::Left),
        }
    }

    /// The palette colour the fewest present participants have (the first such one), so that a small
    /// meeting never shows two people in the same colour.
    fn least_used_colour(&self) -> Colour {
        let mut uses = [0usize; PALETTE_SIZE as usize];
        for member in self.members.values() {
            uses[usize::from(member.info.colour.index())] += 1;
        }
        Colour::all()
            .min_by_key(|c| uses[usize::from(c.index())])
            .unwrap_or(Colour::FIRST)
    }

    fn chat(&mut self, from: &ParticipantId, text: String, at: u64) -> Vec<Outgoing> {
        let Some(by) = self.reference(from) else {
            return Vec::new();
        };
        let colour = self
            .members
            .get(from)
            .map(|m| m.info.colour)
            .unwrap_or_else(|| self.least_used_colour());
        if self.settings.require_name && by.name.is_empty() {
            return vec![Outgoing::error(
                from,
                ErrorCode::NameRequired,
                "this room asks for a display name before chatting",
            )];
        }
        let text = text.replace("\r\n", "\n");
        let bad = |c: char| c.is_control() && c != '\n' && c != '\t';
        if text.trim().is_empty() || text.chars().count() > MAX_CHAT_CHARS || text.chars().any(bad)
        {
            return vec![Outgoing::error(
                from,
                ErrorCode::InvalidChat,
                format!(
                    "a chat message has 1 to {MAX_CHAT_CHARS} characters and no control characters"
                ),
            )];
        }
        let message = ChatMessage {
            seq: self.next_chat_seq,
            from: by,
            colour,
            at,
            text,
        };
        self.next_chat_seq += 1;
        if self.chat_history > 0 {
            if self.chat.len() == self.chat_history {
                self.chat.pop_front();
            }
            self.chat.push_back(message.clone());
        }
        vec![Outgoing::all(ServerMessage::Chat(message))]
    }

    /// A chairman's action on `target`; anyone else is refused.
    pub fn moderate(
        &mut self,
        from: &ParticipantId,
        action: ModerationAction,
        target: &ParticipantId,
    ) -> Moderation {
        let Some(by) = self.reference(from) else {
            return Moderation::no_change();
        };
        if self.role(from) != Some(Role::Chairman) {
            return Moderation::refused(from, ErrorCode::NotAllowed, "only a chairman can do this");
        }
        if target == from {
            return Moderation::refused(
                from,
                ErrorCode::NotAllowed,
                "use your own controls for yourself",
            );
        }
        let Some(target_ref) = self.reference(target) else {
            return Moderation::refused(
                from,
                ErrorCode::UnknownParticipant,
                format!("no participant {target} in this room"),
            );
        };
        match action {
            ModerationAction::Mute => {
                self.switch_off(target, by, target_ref, ModerationNotice::Muted)
            }
            ModerationAction::StopVideo => {
                self.switch_off(target, by, target_ref, ModerationNotice::VideoStopped)
            }
            ModerationAction::AskUnmute | ModerationAction::AskVideo => {
                let (kind, already_on) = match action {
                    ModerationAction::AskUnmute => (
                        RequestKind::Unmute,
                        self.info(target).is_some_and(|i| i.audio),
                    ),
                    _ => (
                        RequestKind::Video,
                        self.info(target).is_some_and(|i| i.video),
                    ),
                };
                if already_on {
                    return Moderation::no_change();
                }
                Moderation {
                    outcome: ModerationOutcome::Done(None),
                    outgoing: vec![Outgoing::one(target, ServerMessage::Request { kind, by })],
                }
            }
            ModerationAction::LowerHand => {
                let Some(member) = self.members.get_mut(target) else {
                    return Moderation::no_change();
                };
                if !member.info.hand {
                    return Moderation::no_change();
                }
                member.info.hand = false;
                Moderation {
                    outcome: ModerationOutcome::Done(None),
                    outgoing: vec![
                        Outgoing::all(ServerMessage::ParticipantUpdated {
                            participant: member.info.clone(),
                        }),
                        Outgoing::all(ServerMessage::Moderated {
                            action: ModerationNotice::HandLowered,
                            by,
                            target: Some(target_ref),
                        }),
                    ],
                }
            }
            ModerationAction::Promote => {
                if self.role(target) == Some(Role::Chairman) {
                    return Moderation::no_change();
                }
                let mut outgoing = self.set_role(target, Role::Chairman);
                outgoing.push(Outgoing::all(ServerMessage::Moderated {
                    action: ModerationNotice::Promoted,
                    by,
                    target: Some(target_ref),
                }));
                Moderation {
                    outcome: ModerationOutcome::Done(Some(Effect::Promoted)),
                    outgoing,
                }
            }
            ModerationAction::Kick => {
                // The target hears first, while it is still a member the server can reach.
                let mut outgoing = vec![Outgoing::one(
                    target,
                    ServerMessage::Kicked {
                        by: by.clone(),
                        ban_seconds: self.kick_ban_seconds,
                    },
                )];
                outgoing.extend(self.remove(target, LeaveReason::Kicked));
                outgoing.push(Outgoing::others(
                    target,
                    ServerMessage::Moderated {
                        action: ModerationNotice::Kicked,
                        by,
                        target: Some(target_ref),
                    },
                ));
                Moderation {
                    outcome: ModerationOutcome::Done(Some(Effect::Kicked)),
                    outgoing,
                }
            }
        }
    }

    /// A chairman mutes everyone else.
    pub fn mute_all(&mut self, from: &ParticipantId) -> Moderation {
        let Some(by) = self.reference(from) else {
            return Moderation::no_change();
        };
        if self.role(from) != Some(Role::Chairman) {
            return Moderation::refused(from, ErrorCode::NotAllowed, "only a chairman can do this");
        }
        let mut outgoing = Vec::new();
        for (id, member) in self.members.iter_mut() {
            if id != from && member.info.audio {
                member.info.audio = false;
                outgoing.push(Outgoing::all(ServerMessage::ParticipantUpdated {
                    participant: member.info.clone(),
                }));
            }
        }
        outgoing.push(Outgoing::all(ServerMessage::Moderated {
            action: ModerationNotice::MutedAll,
            by,
            target: None,
        }));
        Moderation {
            outcome: ModerationOutcome::Done(None),
            outgoing,
        }
    }

    fn info(&self, id: &ParticipantId) -> Option<&ParticipantInfo> {
        self.members.get(id).map(|m| &m.info)
    }

    /// Turns a target's microphone or camera off (never on) and tells everyone.
    fn switch_off(
        &mut self,
        target: &ParticipantId,
        by: ParticipantRef,
        target_ref: ParticipantRef,
        notice: ModerationNotice,
    ) -> Moderation {
        let Some(member) = self.members.get_mut(target) else {
            return Moderation::no_change();
        };
        let state = match notice {
            ModerationNotice::Muted => &mut member.info.audio,
            _ => &mut member.info.video,
        };
        if !*state {
            return Moderation::no_change();
        }
        *state = false;
        Moderation {
            outcome: ModerationOutcome::Done(None),
            outgoing: vec![
                Outgoing::all(ServerMessage::ParticipantUpdated {
                    participant: member.info.clone(),
                }),
                Outgoing::all(ServerMessage::Moderated {
                    action: notice,
                    by,
                    target: Some(target_ref),
                }),
            ],
        }
    }

    fn relay(
        &self,
        from: &ParticipantId,
        to: ParticipantId,
        payload: SignalPayload,
    ) -> Vec<Outgoing> {
        if &to == from {
            return vec![Outgoing::error(
                from,
                ErrorCode::UnknownParticipant,
                "a participant cannot signal itself",
            )];
        }
        match self.members.get(&to) {
            None => vec![Outgoing::error(
                from,
                ErrorCode::UnknownParticipant,
                format!("no participant {to} in this room"),
            )],
            Some(target) if !target.info.connected => vec![Outgoing::error(
                from,
                ErrorCode::ParticipantUnavailable,
                format!("participant {to} is reconnecting"),
            )],
            Some(_) => vec![Outgoing::one(
                &to,
                ServerMessage::Signal {
                    from: from.clone(),
                    payload,
                },
            )],
        }
    }

    fn update(&mut self, from: &ParticipantId, update: UpdateRequest) -> Vec<Outgoing> {
        let name = match update.name.as_deref().map(normalize_display_name) {
            Some(Err(e)) => {
                return vec![Outgoing::error(from, ErrorCode::InvalidName, e.to_string())];
            }
            Some(Ok(name)) if name.is_empty() && self.settings.require_name => {
                return vec![Outgoing::error(
                    from,
                    ErrorCode::NameRequired,
                    "this room asks for a display name",
                )];
            }
            Some(Ok(name)) => Some(name),
            None => None,
        };
        let Some(member) = self.members.get_mut(from) else {
            return Vec::new();
        };
        let info = &mut member.info;
        let before = info.clone();
        if let Some(name) = name {
            info.name = name;
        }
        if let Some(audio) = update.audio {
            info.audio = audio;
        }
        if let Some(video) = update.video {
            info.video = video;
        }
        if let Some(hand) = update.hand {
            info.hand = hand;
        }
        if let Some(colour) = update.colour {
            info.colour = colour;
        }
        if let Some(screen) = update.screen {
            info.screen = screen;
        }
        if *info == before {
            return Vec::new();
        }
        let participant = info.clone();
        // The sender gets the update too: it confirms what the others now see.
        vec![
            Outgoing::others(
                from,
                ServerMessage::ParticipantUpdated {
                    participant: participant.clone(),
                },
            ),
            Outgoing::one(from, ServerMessage::ParticipantUpdated { participant }),
        ]
    }

    /// The participant's connection dropped: it keeps its place, shown as reconnecting, until it comes
    /// back or [`Room::expire`] removes it.
    pub fn disconnect(&mut self, id: &ParticipantId) -> Vec<Outgoing> {
        let Some(member) = self.members.get_mut(id) else {
            return Vec::new();
        };
        if !member.info.connected {
            return Vec::new();
        }
        member.info.connected = false;
        vec![Outgoing::others(
            id,
            ServerMessage::ParticipantUpdated {
                participant: member.info.clone(),
            },
        )]
    }

    /// The grace period of a dropped participant ended: remove it unless it came back meanwhile.
    pub fn expire(&mut self, id: &ParticipantId) -> Vec<Outgoing> {
        match self.members.get(id) {
            Some(member) if !member.info.connected => self.remove(id, LeaveReason::TimedOut),
            _ => Vec::new(),
        }
    }

    /// An administrator ends the meeting (or deletes the room): everyone goes at once, reconnecting
    /// participants too (no grace: their place is not kept), and the chat of the meeting with them.
    /// Only those connected can be told; each gets `ended`, and nobody gets `participant_left`, since
    /// nobody stays to hear it. The room is empty afterwards.
    pub fn end(&mut self, reason: EndReason) -> Vec<Outgoing> {
        self.chat.clear();
        std::mem::take(&mut self.members)
            .into_values()
            .filter(|m| m.info.connected)
            .map(|m| Outgoing::one(&m.info.id, ServerMessage::Ended { reason }))
            .collect()
    }

    fn remove(&mut self, id: &ParticipantId, reason: LeaveReason) -> Vec<Outgoing> {
        if self.members.remove(id).is_none() {
            return Vec::new();
        }
        vec![Outgoing::others(
            id,
            ServerMessage::ParticipantLeft {
                id: id.clone(),
                reason,
            },
        )]
    }
}

#[cfg(test)]
mod tests;
