//! The demo network generator (being written).
