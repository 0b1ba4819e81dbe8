//! Staffing: Erlang B, C and A metrics, inverse staffing (fewest agents for every target at
//! once), shrinkage and occupancy.
//!
//! Units follow `shared/DESIGN.md`: times in seconds, `volume` is contacts offered per interval
//! of `interval_s` seconds, offered load in Erlangs is `volume * aht_s / interval_s`.
//!
//! - [`erlang_b()`], [`erlang_c()`], [`erlang_a()`]: performance at a given number of agents;
//! - [`required_agents`], [`required_agents_batch`]: the fewest agents for the targets of a
//!   [`StaffingOptions`] (checked once into [`CheckedStaffingOptions`]), with gross agents
//!   after [`Shrinkage`];
//! - [`chat_metrics`], [`chat_agents`]: chat with concurrency (several chats per agent, slower
//!   when busier), an exact birth–death chain;
//! - [`backlog_staffing`]: email and back-office work with deadlines, carried across intervals
//!   (two linear programs: the fewest peak agents, then the earliest work);
//! - [`outbound_staffing`]: an outbound campaign's agents, blended into inbound's slack first;
//! - [`approx`]: the square-root staffing approximation, explicitly named and never the answer.
//!
//! Every computation is exact: no overflowing factorials or powers, relative error below 1e-9
//! from 0.1 to 20,000 Erlangs (observed below 1e-14 against mpmath at 60 digits; see
//! `tests/staffing_reference.rs` and `tests/python/staffing_reference.py`), integer answers
//! exact. Nothing panics on any `f64` input: NaN, infinite or negative inputs are errors that
//! name the argument.
//!
//! Edge cases are answers: zero volume or AHT needs 0 agents at service level 1; `t = 0` is
//! allowed; infinite patience is Erlang C and zero patience the Erlang B loss system; zero agents
//! are allowed; Erlang C with `agents <= load` reports P(wait) 1, service level 0, ASA infinite
//! and `stable = false`.
//!
//! # Examples
//! ```
//! use wfmkit::staffing::{required_agents, StaffingModel, StaffingOptions};
//! let opts = StaffingOptions::new(StaffingModel::ErlangA)
//!     .with_patience_s(120.0)
//!     .with_service_level(0.8, 20.0)
//!     .with_max_abandon(0.05)
//!     .with_shrinkage(0.3);
//! let s = required_agents(100.0, 180.0, 1800.0, &opts).unwrap();
//! assert!(s.service_level >= 0.8 && s.p_abandon <= 0.05);
//! assert!(s.agents_gross >= s.agents);
//! ```

pub mod approx;
mod backlog;
mod chat;
mod erlang_a;
mod erlang_a_search;
mod erlang_b;
mod erlang_c;
mod erlang_c_search;
mod error;
mod options;
mod outbound;
mod search;
mod shrinkage;
mod targets;
mod traffic;
mod uncertainty;
mod waiting_series;

pub use backlog::{
    backlog_staffing, open_intervals, BacklogOptions, BacklogPlan, BacklogQueue, DeadlineClock, DeadlineTarget,
};
pub use chat::{chat_agents, chat_metrics, ChatMetrics, ChatQueue};
pub use erlang_a::{erlang_a, ErlangAMetrics};
pub use erlang_b::{erlang_b, servers_for_blocking, traffic_for_blocking};
pub use erlang_c::{erlang_c, ErlangCMetrics};
pub use error::StaffingError;
pub use options::{CheckedStaffingOptions, SlDefinition, StaffingMethod, StaffingModel, StaffingOptions};
pub use outbound::{outbound_staffing, OutboundCampaign, OutboundPlan};
pub use search::{required_agents, required_agents_batch};
pub use shrinkage::{gross_agents, Shrinkage, RATIO_TOLERANCE};
pub use targets::Staffing;
pub use traffic::{agents_from_f64, Traffic, MAX_LOAD_ERLANGS};
pub use uncertainty::{agents_for_probability, mixed_erlang_a, MixedMetrics, UncertainStaffing};
