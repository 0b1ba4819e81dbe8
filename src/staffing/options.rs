//! Staffing options: the raw serde-able struct shared by the CLI's TOML and Python's keyword
//! arguments, and its checked form.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::StaffingError;
use super::shrinkage::Shrinkage;
use super::traffic::{non_negative, patience};

/// Queueing model used to turn traffic into agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffingModel {
    /// Loss system M/M/n/n: blocked contacts are lost (targets: `max_blocking`, `max_occupancy`).
    ErlangB,
    /// M/M/n, contacts wait forever (targets: `service_level`, `max_asa_s`, `max_p_wait`,
    /// `max_occupancy`).
    #[default]
    ErlangC,
    /// M/M/n+M, exponential patience with mean `patience_s` (targets: those of Erlang C plus
    /// `max_abandon`).
    ErlangA,
}

impl StaffingModel {
    /// The serde / Python name: `"erlang_b"`, `"erlang_c"` or `"erlang_a"`.
    pub fn as_str(self) -> &'static str {
        match self {
            StaffingModel::ErlangB => "erlang_b",
            StaffingModel::ErlangC => "erlang_c",
            StaffingModel::ErlangA => "erlang_a",
        }
    }

    fn allowed_targets(self) -> &'static str {
        match self {
            StaffingModel::ErlangB => "`max_blocking`, `max_occupancy`",
            StaffingModel::ErlangC => "`service_level`, `max_asa_s`, `max_p_wait`, `max_occupancy`",
            StaffingModel::ErlangA => "`service_level`, `max_asa_s`, `max_abandon`, `max_p_wait`, `max_occupancy`",
        }
    }
}

impl fmt::Display for StaffingModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for StaffingModel {
    type Err = StaffingError;

    /// Parses `"erlang_b"`, `"erlang_c"` or `"erlang_a"`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "erlang_b" => Ok(StaffingModel::ErlangB),
            "erlang_c" => Ok(StaffingModel::ErlangC),
            "erlang_a" => Ok(StaffingModel::ErlangA),
            other => Err(StaffingError::UnknownModel {
                value: other.to_owned(),
            }),
        }
    }
}

/// How the agents per interval are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffingMethod {
    /// Each interval on its own, by the model's exact formula (the default).
    #[default]
    Erlang,
    /// The Erlang staffing, then moved in time by simulating the whole horizon until every
    /// interval meets `service_level` and `max_p_wait` with the queue carried over
    /// (`requirements::requirements_by_simulation`; the job's `[simulation]` table gives its
    /// settings).
    Simulation,
}

impl StaffingMethod {
    /// The serde / Python name: `"erlang"` or `"simulation"`.
    pub fn as_str(self) -> &'static str {
        match self {
            StaffingMethod::Erlang => "erlang",
            StaffingMethod::Simulation => "simulation",
        }
    }
}

/// What "answered within t" is divided by. All three coincide in Erlang C (nobody abandons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlDefinition {
    /// Answered within t / offered: abandoned contacts count as failures (the default).
    #[default]
    Offered,
    /// Answered within t / answered: abandoned contacts are left out.
    Answered,
    /// P(virtual wait <= t): the wait a contact with infinite patience would have.
    Virtual,
}

impl SlDefinition {
    /// The serde / Python name: `"offered"`, `"answered"` or `"virtual"`.
    pub fn as_str(self) -> &'static str {
        match self {
            SlDefinition::Offered => "offered",
            SlDefinition::Answered => "answered",
            SlDefinition::Virtual => "virtual",
        }
    }
}

impl fmt::Display for SlDefinition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SlDefinition {
    type Err = StaffingError;

    /// Parses `"offered"`, `"answered"` or `"virtual"`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "offered" => Ok(SlDefinition::Offered),
            "answered" => Ok(SlDefinition::Answered),
            "virtual" => Ok(SlDefinition::Virtual),
            other => Err(StaffingError::UnknownSlDefinition {
                value: other.to_owned(),
            }),
        }
    }
}

/// Raw staffing options, as they arrive from the CLI's TOML or a JSON dict of Python keyword
/// arguments. Unknown fields are rejected; every field has a default. Nothing is checked until
/// [`StaffingOptions::check`], which returns a [`CheckedStaffingOptions`].
///
/// [`Default`] is Erlang C with no target (so `check` fails with [`StaffingError::NoTarget`])
/// and `answer_within_s = 20`; set at least one target with the `with_*` builders or the fields.
///
/// `patience_s` also accepts the strings `"inf"`, `"infinity"` (any case), since JSON has no
/// infinity; it is written back as `"inf"`.
///
/// # Examples
/// ```
/// use wfmkit::staffing::{StaffingOptions, StaffingModel};
/// let opts = StaffingOptions::new(StaffingModel::ErlangC)
///     .with_service_level(0.8, 20.0)
///     .with_shrinkage(0.3);
/// // The same as the literal a TOML table `service_level = 0.8`, `shrinkage = 0.3` gives:
/// let literal = StaffingOptions { service_level: Some(0.8), shrinkage: 0.3, ..Default::default() };
/// assert_eq!(opts, literal);
/// assert!(opts.check().is_ok());
/// assert!(StaffingOptions::default().check().is_err()); // no target
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StaffingOptions {
    /// `"erlang_b"`, `"erlang_c"` (default) or `"erlang_a"`.
    pub model: StaffingModel,
    /// Mean patience in seconds; required for Erlang A (`inf` behaves as Erlang C, `0` as the
    /// Erlang B loss system), not allowed for the other models.
    #[serde(
        deserialize_with = "patience_serde::deserialize",
        serialize_with = "patience_serde::serialize"
    )]
    pub patience_s: Option<f64>,
    /// Service-level target in [0, 1]: share answered within `answer_within_s`.
    pub service_level: Option<f64>,
    /// The `t` of the service level, in seconds (default 20).
    pub answer_within_s: f64,
    /// Cap on the average speed of answer, seconds.
    pub max_asa_s: Option<f64>,
    /// Cap on the abandonment probability (Erlang A).
    pub max_abandon: Option<f64>,
    /// Cap on occupancy, in (0, 1].
    pub max_occupancy: Option<f64>,
    /// Cap on the probability of waiting at all.
    pub max_p_wait: Option<f64>,
    /// Cap on the blocking probability (Erlang B only).
    pub max_blocking: Option<f64>,
    /// Shrinkage in [0, 1) for gross agents (default 0).
    pub shrinkage: f64,
    /// Service-level definition (default `"offered"`).
    pub sl_definition: SlDefinition,
    /// `"erlang"` (default: each interval by the model's formula) or `"simulation"` (see
    /// [`StaffingMethod::Simulation`]).
    pub method: StaffingMethod,
    /// Chats (or messages) an agent handles at once (default 1: one contact at a time). Above
    /// 1, or with a `slowdown`, the queue is staffed as chat ([`super::chat_agents`], Erlang C
    /// model, `service_level` target).
    pub concurrency: u32,
    /// A chat's handle time at concurrency 1, 2, …, `concurrency` over its AHT (each ≥ 1;
    /// default none).
    pub slowdown: Vec<f64>,
    /// Set for email or back-office work that may wait, with deadlines (the job's
    /// `[staffing.backlog]` table): the queue is staffed by [`super::backlog_staffing`] over the
    /// whole horizon, not interval by interval, and the voice targets do not apply.
    pub backlog: Option<super::BacklogOptions>,
}

impl Default for StaffingOptions {
    fn default() -> Self {
        Self {
            model: StaffingModel::ErlangC,
            patience_s: None,
            service_level: None,
            answer_within_s: 20.0,
            max_asa_s: None,
            max_abandon: None,
            max_occupancy: None,
            max_p_wait: None,
            max_blocking: None,
            shrinkage: 0.0,
            sl_definition: SlDefinition::Offered,
            method: StaffingMethod::Erlang,
            concurrency: 1,
            slowdown: Vec::new(),
            backlog: None,
        }
    }
}

impl StaffingOptions {
    /// Whether the queue is chat: more than one contact per agent at once, or a slow-down.
    pub fn is_chat(&self) -> bool {
        self.concurrency != 1 || !self.slowdown.is_empty()
    }

    /// Whether the queue is backlog work ([`StaffingOptions::backlog`] set).
    pub fn is_backlog(&self) -> bool {
        self.backlog.is_some()
    }

    /// Whether the queue is answered one contact per agent at a time as it arrives (voice):
    /// neither chat nor backlog. Erlang projections and simulations apply only to these.
    pub fn is_voice(&self) -> bool {
        !self.is_chat() && !self.is_backlog()
    }

    /// Checks the options as [`crate::requirements::requirements`] uses them: a backlog queue's
    /// deadlines and opening hours (and that no voice target or chat option is set beside
    /// them), else [`StaffingOptions::check`].
    ///
    /// # Errors
    ///
    /// As [`StaffingOptions::check`] and [`super::BacklogOptions::check`];
    /// [`StaffingError::NotForModel`] for a voice target, `patience_s`, chat or
    /// `method = "simulation"` beside `backlog`.
    pub fn check_for_requirements(&self) -> Result<(), StaffingError> {
        let Some(b) = &self.backlog else {
            return self.check().map(|_| ());
        };
        let not_for = |name: &'static str| StaffingError::NotForModel { name, model: "backlog" };
        let set = [
            ("service_level", self.service_level.is_some()),
            ("max_asa_s", self.max_asa_s.is_some()),
            ("max_abandon", self.max_abandon.is_some()),
            ("max_occupancy", self.max_occupancy.is_some()),
            ("max_p_wait", self.max_p_wait.is_some()),
            ("max_blocking", self.max_blocking.is_some()),
            ("patience_s", self.patience_s.is_some()),
            ("concurrency", self.is_chat()),
            ("method = \"simulation\"", self.method == StaffingMethod::Simulation),
            (
                "model (a backlog queue has none: leave it out)",
                self.model != StaffingModel::ErlangC,
            ),
        ];
        if let Some((name, _)) = set.iter().find(|(_, given)| *given) {
            return Err(not_for(name));
        }
        Shrinkage::try_new(self.shrinkage)?;
        b.check()
    }

    /// Options for `model` with no target yet.
    pub fn new(model: StaffingModel) -> Self {
        Self {
            model,
            ..Self::default()
        }
    }

    /// Sets the mean patience (Erlang A).
    #[must_use]
    pub fn with_patience_s(mut self, patience_s: f64) -> Self {
        self.patience_s = Some(patience_s);
        self
    }

    /// Sets a service-level target: at least `target` answered within `answer_within_s` seconds.
    #[must_use]
    pub fn with_service_level(mut self, target: f64, answer_within_s: f64) -> Self {
        self.service_level = Some(target);
        self.answer_within_s = answer_within_s;
        self
    }

    /// Sets a cap on the average speed of answer.
    #[must_use]
    pub fn with_max_asa_s(mut self, max_asa_s: f64) -> Self {
        self.max_asa_s = Some(max_asa_s);
        self
    }

    /// Sets a cap on the abandonment probability.
    #[must_use]
    pub fn with_max_abandon(mut self, max_abandon: f64) -> Self {
        self.max_abandon = Some(max_abandon);
        self
    }

    /// Sets a cap on occupancy.
    #[must_use]
    pub fn with_max_occupancy(mut self, max_occupancy: f64) -> Self {
        self.max_occupancy = Some(max_occupancy);
        self
    }

    /// Sets a cap on the probability of waiting.
    #[must_use]
    pub fn with_max_p_wait(mut self, max_p_wait: f64) -> Self {
        self.max_p_wait = Some(max_p_wait);
        self
    }

    /// Sets a cap on the blocking probability (Erlang B).
    #[must_use]
    pub fn with_max_blocking(mut self, max_blocking: f64) -> Self {
        self.max_blocking = Some(max_blocking);
        self
    }

    /// Sets the shrinkage.
    #[must_use]
    pub fn with_shrinkage(mut self, shrinkage: f64) -> Self {
        self.shrinkage = shrinkage;
        self
    }

    /// Sets the service-level definition.
    #[must_use]
    pub fn with_sl_definition(mut self, sl_definition: SlDefinition) -> Self {
        self.sl_definition = sl_definition;
        self
    }

    /// Checks every field once and returns the checked options.
    ///
    /// # Errors
    /// - [`StaffingError::NotNonNegative`] for a bad `answer_within_s`;
    /// - [`StaffingError::MissingPatience`] / [`StaffingError::InvalidPatience`] for Erlang A;
    /// - [`StaffingError::NotForModel`] for an option the model does not use (`patience_s`
    ///   outside Erlang A, `max_blocking` outside Erlang B, `max_abandon` with Erlang C, waiting
    ///   targets with Erlang B);
    /// - [`StaffingError::TargetOutOfRange`] for a target outside its range (probabilities in
    ///   [0, 1], `max_occupancy` in (0, 1], `max_asa_s` finite and >= 0);
    /// - [`StaffingError::InvalidShrinkage`] unless shrinkage is in [0, 1);
    /// - [`StaffingError::NoTarget`] when no target applies;
    /// - [`StaffingError::NotForModel`] for `backlog` (see [`StaffingOptions::check_for_requirements`]).
    pub fn check(&self) -> Result<CheckedStaffingOptions, StaffingError> {
        if self.is_backlog() {
            return Err(StaffingError::NotForModel {
                name: "backlog",
                model: "interval-by-interval staffing (a backlog queue carries work across intervals: \
                        `requirements::requirements` or `staffing::backlog_staffing` staff it)",
            });
        }
        if self.is_chat() {
            super::chat::ChatQueue {
                volume: 0.0,
                aht_s: 1.0,
                interval_s: 1.0,
                concurrency: self.concurrency,
                slowdown: self.slowdown.clone(),
            }
            .check()?;
        }
        let model = self.model;
        let answer_within_s = non_negative("answer_within_s", self.answer_within_s)?;
        let patience_s = match (model, self.patience_s) {
            (StaffingModel::ErlangA, Some(p)) => patience(p)?,
            (StaffingModel::ErlangA, None) => return Err(StaffingError::MissingPatience),
            (_, Some(_)) => {
                return Err(StaffingError::NotForModel {
                    name: "patience_s",
                    model: model.as_str(),
                })
            }
            (_, None) => f64::INFINITY,
        };
        let not_for = |name: &'static str, given: bool, allowed: bool| {
            if given && !allowed {
                Err(StaffingError::NotForModel {
                    name,
                    model: model.as_str(),
                })
            } else {
                Ok(())
            }
        };
        let is_b = model == StaffingModel::ErlangB;
        let is_a = model == StaffingModel::ErlangA;
        not_for("service_level", self.service_level.is_some(), !is_b)?;
        not_for("max_asa_s", self.max_asa_s.is_some(), !is_b)?;
        not_for("max_p_wait", self.max_p_wait.is_some(), !is_b)?;
        not_for("max_abandon", self.max_abandon.is_some(), is_a)?;
        not_for("max_blocking", self.max_blocking.is_some(), is_b)?;

        let unit = |name: &'static str, v: Option<f64>| match v {
            Some(x) if !(0.0..=1.0).contains(&x) => Err(StaffingError::TargetOutOfRange {
                name,
                value: x,
                range: "[0, 1]",
            }),
            _ => Ok(v),
        };
        let targets = Targets {
            service_level: unit("service_level", self.service_level)?,
            max_abandon: unit("max_abandon", self.max_abandon)?,
            max_p_wait: unit("max_p_wait", self.max_p_wait)?,
            max_blocking: unit("max_blocking", self.max_blocking)?,
            max_occupancy: match self.max_occupancy {
                Some(x) if !(x > 0.0 && x <= 1.0) => {
                    return Err(StaffingError::TargetOutOfRange {
                        name: "max_occupancy",
                        value: x,
                        range: "(0, 1]",
                    })
                }
                v => v,
            },
            max_asa_s: match self.max_asa_s {
                Some(x) if !(x.is_finite() && x >= 0.0) => {
                    return Err(StaffingError::TargetOutOfRange {
                        name: "max_asa_s",
                        value: x,
                        range: "[0, inf)",
                    })
                }
                v => v,
            },
        };
        let shrinkage = Shrinkage::try_new(self.shrinkage)?;
        if targets.is_empty() {
            return Err(StaffingError::NoTarget {
                model: model.as_str(),
                allowed: model.allowed_targets(),
            });
        }
        Ok(CheckedStaffingOptions {
            model,
            patience_s,
            answer_within_s,
            sl_definition: self.sl_definition,
            shrinkage,
            targets,
        })
    }
}

/// The targets of a staffing request; each `None` is "no constraint".
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Targets {
    pub(crate) service_level: Option<f64>,
    pub(crate) max_asa_s: Option<f64>,
    pub(crate) max_abandon: Option<f64>,
    pub(crate) max_occupancy: Option<f64>,
    pub(crate) max_p_wait: Option<f64>,
    pub(crate) max_blocking: Option<f64>,
}

impl Targets {
    fn is_empty(&self) -> bool {
        self.service_level.is_none()
            && self.max_asa_s.is_none()
            && self.max_abandon.is_none()
            && self.max_occupancy.is_none()
            && self.max_p_wait.is_none()
            && self.max_blocking.is_none()
    }
}

/// Staffing options that passed [`StaffingOptions::check`]: a model with its parameters, at
/// least one target that applies to it, all in range. Only this type can staff an interval
/// (see [`CheckedStaffingOptions::required_agents`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CheckedStaffingOptions {
    pub(crate) model: StaffingModel,
    pub(crate) patience_s: f64,
    pub(crate) answer_within_s: f64,
    pub(crate) sl_definition: SlDefinition,
    pub(crate) shrinkage: Shrinkage,
    pub(crate) targets: Targets,
}

impl CheckedStaffingOptions {
    /// The model.
    pub fn model(&self) -> StaffingModel {
        self.model
    }

    /// Mean patience in seconds (`inf` for Erlang B and C).
    pub fn patience_s(&self) -> f64 {
        self.patience_s
    }

    /// The `t` of the service level.
    pub fn answer_within_s(&self) -> f64 {
        self.answer_within_s
    }

    /// The service-level definition.
    pub fn sl_definition(&self) -> SlDefinition {
        self.sl_definition
    }

    /// The shrinkage.
    pub fn shrinkage(&self) -> Shrinkage {
        self.shrinkage
    }
}

impl TryFrom<&StaffingOptions> for CheckedStaffingOptions {
    type Error = StaffingError;

    fn try_from(value: &StaffingOptions) -> Result<Self, Self::Error> {
        value.check()
    }
}

/// `patience_s` as a number, `null`, or the strings `"inf"` / `"infinity"`.
mod patience_serde {
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};
    use std::fmt;

    struct PatienceVisitor;

    impl<'de> Visitor<'de> for PatienceVisitor {
        type Value = Option<f64>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a number of seconds, \"inf\" or null")
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v as f64))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v as f64))
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            match v.to_ascii_lowercase().as_str() {
                "inf" | "+inf" | "infinity" | "+infinity" => Ok(Some(f64::INFINITY)),
                _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
            }
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(PatienceVisitor)
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        d.deserialize_option(PatienceVisitor)
    }

    pub(super) fn serialize<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(x) if x.is_infinite() && *x > 0.0 => s.serialize_some("inf"),
            Some(x) => s.serialize_some(x),
            None => s.serialize_none(),
        }
    }
}
