//! Per-address limits that are not rates: how many WebSockets one client address may hold open.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

/// Counts open connections per client address. Touched once when a connection opens and once when it
/// closes, never per message.
#[derive(Debug)]
pub struct AddressCounter {
    limit: usize,
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// Holds one of an address's places; gives it back when dropped.
#[derive(Debug)]
pub struct AddressPermit {
    counter: Arc<AddressCounter>,
    ip: IpAddr,
}

impl AddressCounter {
    pub fn new(limit: usize) -> Arc<Self> {
        Arc::new(Self {
            limit,
            open: Mutex::new(HashMap::new()),
        })
    }

    /// A place for `ip`, or `None` when it holds `limit` connections already.
    pub fn try_acquire(self: &Arc<Self>, ip: IpAddr) -> Option<AddressPermit> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(ip).or_insert(0);
        if *count >= self.limit {
            return None;
        }
        *count += 1;
        Some(AddressPermit {
            counter: self.clone(),
            ip,
        })
    }
}

impl Drop for AddressPermit {
    fn drop(&mut self) {
        let mut open = self
            .counter
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_counted_and_given_back() {
        let counter = AddressCounter::new(2);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let first = counter.try_acquire(a).unwrap();
        let _second = counter.try_acquire(a).unwrap();
        assert!(counter.try_acquire(a).is_none());
        assert!(counter.try_acquire(b).is_some());
        drop(first);
        assert!(counter.try_acquire(a).is_some());
        drop(_second);
        assert!(counter.open.lock().unwrap().get(&a).is_none_or(|n| *n <= 1));
    }
}
