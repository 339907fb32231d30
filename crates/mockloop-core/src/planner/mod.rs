//! The loop planner (in progress).
