//! The planner's tests: rules as properties, edge cases as units, and golden renderings.

mod golden;
mod rules;
mod support;
mod units;
