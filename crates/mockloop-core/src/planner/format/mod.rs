//! The plan's three renderings: JSON for the API (`docs/plan.schema.json`), a plain-text agenda,
//! and iCalendar files for each participant's calendar.

mod ics;
mod json;
mod text;

pub use ics::render_ics;
pub use text::render_text;

use jiff::Zoned;

/// `HH:MM` on the plan's local clock.
fn clock(time: &Zoned) -> String {
    time.strftime("%H:%M").to_string()
}
