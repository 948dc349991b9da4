//! A live room as a state machine: who is in it, and which messages each input produces for whom.
//! It owns no sockets and no clocks; the server's room actor feeds it and delivers what it returns.

use std::collections::BTreeMap;

use subtle::ConstantTimeEq;

use crate::participant::{ParticipantId, ParticipantInfo, normalize_display_name};
use crate::protocol::{
    ErrorCode, IceConfig, JoinRequest, LeaveReason, Limits, PROTOCOL_VERSION, ServerMessage,
    SignalPayload, UpdateRequest, Welcome,
};
use crate::room_name::RoomName;

/// Who a message produced by the room goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    One(ParticipantId),
    /// Everyone in the room but this participant.
    Others(ParticipantId),
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
}

impl JoinError {
    pub fn code(&self) -> ErrorCode {
        match self {
            JoinError::UnsupportedProtocol => ErrorCode::UnsupportedProtocol,
            JoinError::InvalidName(_) => ErrorCode::InvalidName,
            JoinError::RoomFull(_) => ErrorCode::RoomFull,
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
    /// 0 means no limit.
    max_members: usize,
    members: BTreeMap<ParticipantId, Member>,
}

impl Room {
    pub fn new(name: RoomName, max_members: usize) -> Self {
        Self {
            name,
            max_members,
            members: BTreeMap::new(),
        }
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
            member.info.audio = req.audio;
            member.info.video = req.video;
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

        if self.max_members > 0 && self.members.len() >= self.max_members {
            return Err(JoinError::RoomFull(self.max_members));
        }
        let info = ParticipantInfo {
            id: admission.id.clone(),
            name,
            audio: req.audio,
            video: req.video,
            connected: true,
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
            RoomCommand::Leave => self.remove(from, LeaveReason::Left),
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
