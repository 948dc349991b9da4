//! The registry actor: the one owner of the map from room names to live room actors.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};
use vroom_core::RoomName;

use super::actor::{self, RoomHandle, RoomShared};

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

    /// People in a room now (0 when it has no live actor).
    pub async fn count(&self, name: RoomName) -> usize {
        match self.find(name).await {
            Ok(Some(handle)) => handle.count().await,
            _ => 0,
        }
    }
}
