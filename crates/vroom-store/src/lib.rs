//! Persistence (being written).
