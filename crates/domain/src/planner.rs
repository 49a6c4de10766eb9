//! The workforce planner (being written).
