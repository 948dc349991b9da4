//! The registry actor: the one owner of the map from room names to live room actors.

use std::collections::HashMap;
use std::sync::Arc;

use futures_util::future::join_all;
use tokio::sync::{mpsc, oneshot};
use vroom_core::RoomName;
use vroom_core::protocol::EndReason;

use super::actor::{self, RoomShared};
use super::handle::{LiveParticipant, RoomHandle};

enum RegistryMsg {
    /// The live actor of a room, started if there is none.
    Open {
        name: RoomName,
        reply: oneshot::Sender<RoomHandle>,
    },
    /// The live actor of a room, if there is one.
    Find {
        name: RoomName,
        reply: oneshot::Sender<Option<RoomHandle>>,
    },
    /// The rooms that have a live actor (people in them).
    Live {
        reply: oneshot::Sender<Vec<RoomName>>,
    },
    /// Every live actor, to be asked something without holding up the registry.
    Handles {
        reply: oneshot::Sender<Vec<(RoomName, RoomHandle)>>,
    },
}

#[derive(Debug, Clone)]
pub struct Registry {
    tx: mpsc::Sender<RegistryMsg>,
}

#[derive(Debug, thiserror::Error)]
#[error("the room registry has stopped")]
pub struct RegistryStopped;

impl Registry {
    pub fn spawn(shared: RoomShared) -> Registry {
        let (tx, mut rx) = mpsc::channel::<RegistryMsg>(256);
        let shared = Arc::new(shared);
        tokio::spawn(async move {
            let mut rooms: HashMap<RoomName, RoomHandle> = HashMap::new();
            while let Some(msg) = rx.recv().await {
                // Actors stop on their own when their room empties; forget them lazily.
                rooms.retain(|_, handle| !handle.is_closed());
                match msg {
                    RegistryMsg::Open { name, reply } => {
                        let handle = rooms
                            .entry(name.clone())
                            .or_insert_with(|| actor::spawn(name, shared.clone()))
                            .clone();
                        let _ = reply.send(handle);
                    }
                    RegistryMsg::Find { name, reply } => {
                        let _ = reply.send(rooms.get(&name).cloned());
                    }
                    RegistryMsg::Live { reply } => {
                        let _ = reply.send(rooms.keys().cloned().collect());
                    }
                    RegistryMsg::Handles { reply } => {
                        let handles = rooms
                            .iter()
                            .map(|(name, handle)| (name.clone(), handle.clone()))
                            .collect();
                        let _ = reply.send(handles);
                    }
                }
            }
        });
        Registry { tx }
    }

    pub async fn open(&self, name: RoomName) -> Result<RoomHandle, RegistryStopped> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(RegistryMsg::Open { name, reply })
            .await
            .map_err(|_| RegistryStopped)?;
        answer.await.map_err(|_| RegistryStopped)
    }

    pub async fn find(&self, name: RoomName) -> Result<Option<RoomHandle>, RegistryStopped> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(RegistryMsg::Find { name, reply })
            .await
            .map_err(|_| RegistryStopped)?;
        answer.await.map_err(|_| RegistryStopped)
    }

    pub async fn live_rooms(&self) -> Result<Vec<RoomName>, RegistryStopped> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(RegistryMsg::Live { reply })
            .await
            .map_err(|_| RegistryStopped)?;
        answer.await.map_err(|_| RegistryStopped)
    }

    /// Every room with people in it now, and how many (reconnecting people included), by name.
    pub async fn live(&self) -> Result<Vec<(RoomName, usize)>, RegistryStopped> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(RegistryMsg::Handles { reply })
            .await
            .map_err(|_| RegistryStopped)?;
        let handles = answer.await.map_err(|_| RegistryStopped)?;
        // Each actor answers on its own: a busy room delays only this answer, not the registry.
        let counts = join_all(handles.iter().map(|(_, handle)| handle.count())).await;
        let mut live: Vec<(RoomName, usize)> = handles
            .into_iter()
            .zip(counts)
            // An actor that is stopping (or not yet holding its first joiner) has nobody in it.
            .filter(|(_, count)| *count > 0)
            .map(|((name, _), count)| (name, count))
            .collect();
        live.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(live)
    }

    /// The people in a room now, in the order they came (empty when it has no live actor).
    pub async fn participants(
        &self,
        name: RoomName,
    ) -> Result<Vec<LiveParticipant>, RegistryStopped> {
        Ok(match self.find(name).await? {
            Some(handle) => handle.participants().await,
            None => Vec::new(),
        })
    }

    /// Ends a room's meeting (see [`RoomHandle::end`]); returns how many people were sent away (0
    /// when it has no live actor).
    pub async fn end(&self, name: RoomName, reason: EndReason) -> Result<usize, RegistryStopped> {
        Ok(match self.find(name).await? {
            Some(handle) => handle.end(reason).await,
            None => 0,
        })
    }

    /// People in a room now (0 when it has no live actor).
    pub async fn count(&self, name: RoomName) -> usize {
        match self.find(name).await {
            Ok(Some(handle)) => handle.count().await,
            _ => 0,
        }
    }
}
