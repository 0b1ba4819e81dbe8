//! [`StaffingRequirements`]: staffing applied to every interval of a forecast.

use chrono::NaiveDateTime;

use crate::forecast::Forecast;
use crate::schedule::{CoverRequirement, ScheduleError};
use crate::simulate::{
    staff_by_simulation, IterativeStaffing, IterativeStaffingOptions, SimulationInput, SimulationSettings,
};
use crate::staffing::{
    chat_agents, chat_metrics, gross_agents, required_agents_batch, ChatQueue, Staffing, StaffingError, StaffingMethod,
    StaffingModel, StaffingOptions,
};
use crate::time::{onto_wall_clock, Tz};

/// Agents needed per interval of a forecast, with the metrics they achieve.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StaffingRequirements {
    /// Interval length in seconds.
    pub interval_s: u32,
    /// Interval starts (local wall-clock time; with a zone, one row per real interval, as in
    /// [`Forecast`]).
    pub timestamps: Vec<NaiveDateTime>,
    /// Forecast volume per interval.
    pub volume: Vec<f64>,
    /// Forecast AHT per interval, in seconds.
    pub aht_s: Vec<f64>,
    /// Net and gross agents and the metrics achieved, per interval.
    pub staffing: Vec<Staffing>,
    /// The forecast's time zone, if it is zoned.
    #[serde(default, with = "crate::time::zone::serde_time_zone")]
    pub zone: Option<Tz>,
}

/// The old name of [`StaffingRequirements`].
#[deprecated(
    since = "0.1.0",
    note = "renamed `StaffingRequirements`: staffing per interval of a forecast"
)]
pub type Requirements = StaffingRequirements;

impl StaffingRequirements {
    /// The old name of [`StaffingRequirements::to_cover_requirement`].
    ///
    /// # Errors
    ///
    /// As [`StaffingRequirements::to_cover_requirement`].
    #[deprecated(since = "0.1.0", note = "renamed `to_cover_requirement`")]
    pub fn to_schedule_requirement(&self) -> Result<CoverRequirement, ScheduleError> {
        self.to_cover_requirement()
    }

    /// Gross agents per interval as a scheduling [`CoverRequirement`].
    ///
    /// Shifts are planned in local wall-clock time. With a zone the rows are put on the local
    /// grid by [`onto_wall_clock`]: the two real intervals of a slot that a fall-back change
    /// repeats need the larger of their requirements (the schedule covers both), and the slots a
    /// spring-forward change skips need 0.
    ///
    /// # Errors
    ///
    /// [`ScheduleError`] if the intervals are not consecutive;
    /// [`ScheduleError::Time`] if a clock change of the zone cannot be represented at the
    /// interval (only possible for requirements built by hand: a zoned forecast is checked).
    pub fn to_cover_requirement(&self) -> Result<CoverRequirement, ScheduleError> {
        let agents: Vec<f64> = self.staffing.iter().map(|s| s.agents_gross as f64).collect();
        match self.zone {
            None => CoverRequirement::try_new(self.interval_s, self.timestamps.clone(), agents),
            Some(zone) => {
                let (ts, agents) = onto_wall_clock(self.interval_s, zone, &self.timestamps, &agents)?;
                CoverRequirement::try_new(self.interval_s, ts, agents)
            }
        }
    }
}

/// Applies the staffing options to every interval of `forecast`.
///
/// # Errors
///
/// [`StaffingError`] for invalid options, [`StaffingError::NoAht`] for a volume-only forecast
/// (no AHT), or for an interval whose target no finite number of agents can meet (naming the
/// interval's index).
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use wfmkit::forecast::Forecast;
/// use wfmkit::requirements::requirements;
/// use wfmkit::staffing::StaffingOptions;
///
/// let t = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
/// let f = Forecast {
///     interval_s: 1800, timestamps: vec![t], volume: vec![100.0], aht_s: vec![180.0],
///     bands: vec![], model: "given".into(), zone: None,
/// };
/// let opts = StaffingOptions { service_level: Some(0.8), shrinkage: 0.3, ..Default::default() };
/// let r = requirements(&f, &opts).unwrap();
/// // Published example: 100 calls in 30 min, AHT 180 s, 80% in 20 s -> 14 agents, 20 gross.
/// assert_eq!((r.staffing[0].agents, r.staffing[0].agents_gross), (14, 20));
/// ```
pub fn requirements(forecast: &Forecast, options: &StaffingOptions) -> Result<StaffingRequirements, StaffingError> {
    if options.method == StaffingMethod::Simulation {
        return Err(StaffingError::NotForSimulation {
            reason: "needs simulation settings: call `requirements_by_method` or `requirements_by_simulation` \
                     (the job and Python's `requirements` do)"
                .into(),
        });
    }
    if let Some(index) = forecast.aht_s.iter().position(|a| a.is_nan()) {
        return Err(StaffingError::NoAht { index });
    }
    let staffing = if options.is_backlog() {
        backlog_requirements(forecast, options)?
    } else if options.is_chat() {
        chat_requirements(forecast, options)?
    } else {
        required_agents_batch(&forecast.volume, &forecast.aht_s, forecast.interval_s as f64, options)?
    };
    Ok(StaffingRequirements {
        interval_s: forecast.interval_s,
        timestamps: forecast.timestamps.clone(),
        volume: forecast.volume.clone(),
        aht_s: forecast.aht_s.clone(),
        staffing,
        zone: forecast.zone,
    })
}

/// The first of the target options `names` that `options` sets.
fn first_target_set(options: &StaffingOptions, names: &[&'static str]) -> Option<&'static str> {
    names.iter().copied().find(|&name| match name {
        "max_asa_s" => options.max_asa_s.is_some(),
        "max_abandon" => options.max_abandon.is_some(),
        "max_occupancy" => options.max_occupancy.is_some(),
        "max_p_wait" => options.max_p_wait.is_some(),
        "max_blocking" => options.max_blocking.is_some(),
        _ => false,
    })
}

/// Chat staffing per interval ([`crate::staffing::chat_agents`]): the fewest agents meeting
/// `service_level` within `answer_within_s` with `concurrency` chats each and the `slowdown`,
/// grossed up by `shrinkage`.
fn chat_requirements(forecast: &Forecast, options: &StaffingOptions) -> Result<Vec<Staffing>, StaffingError> {
    let not_for = |name: &'static str| StaffingError::NotForModel { name, model: "chat" };
    if options.model != StaffingModel::ErlangC {
        return Err(not_for("model (chat is staffed as patient chats, `erlang_c`)"));
    }
    let refused = [
        "max_asa_s",
        "max_abandon",
        "max_occupancy",
        "max_p_wait",
        "max_blocking",
    ];
    if let Some(name) = first_target_set(options, &refused) {
        return Err(not_for(name));
    }
    let Some(target) = options.service_level else {
        return Err(StaffingError::NoTarget {
            model: "chat",
            allowed: "`service_level`",
        });
    };
    let interval_s = forecast.interval_s as f64;
    forecast
        .volume
        .iter()
        .zip(&forecast.aht_s)
        .enumerate()
        .map(|(i, (&volume, &aht_s))| {
            let q = ChatQueue {
                volume,
                // An interval without chats has no AHT to speak of; any positive one staffs 0.
                aht_s: if volume == 0.0 && (aht_s.is_nan() || aht_s <= 0.0) {
                    1.0
                } else {
                    aht_s
                },
                interval_s,
                concurrency: options.concurrency,
                slowdown: options.slowdown.clone(),
            };
            let m = if volume == 0.0 {
                chat_metrics(&q, 0, options.answer_within_s)
            } else {
                chat_agents(&q, target, options.answer_within_s)
            }
            .map_err(|e| e.at(i))?;
            Ok(Staffing {
                agents: m.agents,
                agents_gross: gross_agents(m.agents, options.shrinkage).map_err(|e| e.at(i))?,
                service_level: m.service_level,
                asa_s: m.asa_s,
                occupancy: m.occupancy,
                p_abandon: 0.0,
                p_wait: m.p_wait,
            })
        })
        .collect()
}

/// Backlog staffing over the whole forecast ([`crate::staffing::backlog_staffing`]): the fluid
/// agents per interval rounded up to whole agents (so every deadline still holds), grossed up by
/// `shrinkage`. Per interval, `service_level` is the share of its arrivals answered within the
/// first target's deadline, `asa_s` their mean wait, `occupancy` the work over the whole agents
/// on it (at most the options' `occupancy`), `p_wait` 1 (every item waits to be worked) and
/// `p_abandon` 0. The handle time is the forecast's AHT weighted by volume (one per item: the
/// model works items first come first served).
fn backlog_requirements(forecast: &Forecast, options: &StaffingOptions) -> Result<Vec<Staffing>, StaffingError> {
    options.check_for_requirements()?;
    let Some(b) = &options.backlog else {
        return Ok(Vec::new());
    };
    if !forecast.interval_s.is_multiple_of(60) {
        return Err(StaffingError::InvalidBacklog {
            name: "interval_s",
            reason: format!(
                "a backlog queue needs whole-minute intervals, got {} s",
                forecast.interval_s
            ),
        });
    }
    let minutes = forecast.interval_s / 60;
    let (work, items) = forecast
        .volume
        .iter()
        .zip(&forecast.aht_s)
        .filter(|(v, _)| **v > 0.0)
        .fold((0.0, 0.0), |(w, n), (v, a)| (w + v * a, n + v));
    let handle_s = if items > 0.0 { work / items } else { 1.0 };
    let open = b.open_intervals(&forecast.timestamps, minutes)?;
    let plan = crate::staffing::backlog_staffing(&forecast.volume, &open, &b.queue(minutes, handle_s))?;
    (0..forecast.volume.len())
        .map(|i| {
            let fluid = plan.agents[i];
            let agents = crate::staffing::agents_from_f64((fluid - 1e-6).ceil().max(0.0)).map_err(|e| e.at(i))?;
            Ok(Staffing {
                agents,
                agents_gross: gross_agents(agents, options.shrinkage).map_err(|e| e.at(i))?,
                service_level: plan.answered_within[i],
                asa_s: plan.mean_wait_s[i],
                occupancy: if agents > 0 {
                    fluid / agents as f64 * b.occupancy
                } else {
                    0.0
                },
                p_abandon: 0.0,
                p_wait: if forecast.volume[i] > 0.0 { 1.0 } else { 0.0 },
            })
        })
        .collect()
}

/// The requirements by `options.method`: [`requirements`] for Erlang, else
/// [`requirements_by_simulation`] with `settings` (default settings when `None`). The job and
/// Python's `requirements` come through here.
///
/// # Errors
/// As [`requirements`] and [`requirements_by_simulation`].
pub fn requirements_by_method(
    forecast: &Forecast,
    options: &StaffingOptions,
    settings: Option<&SimulationSettings>,
) -> crate::Result<StaffingRequirements> {
    match options.method {
        StaffingMethod::Erlang => Ok(requirements(forecast, options)?),
        StaffingMethod::Simulation => {
            let default = SimulationSettings::default();
            Ok(requirements_by_simulation(forecast, options, settings.unwrap_or(&default))?.0)
        }
    }
}

/// Checks that `options` has only targets and a model that staffing by simulation handles:
/// `service_level` and `max_p_wait`, Erlang C or A.
///
/// # Errors
/// [`StaffingError::NotForSimulation`] naming the option.
pub fn check_simulation_method(options: &StaffingOptions) -> Result<(), StaffingError> {
    let not = |reason: String| StaffingError::NotForSimulation { reason };
    let refused = ["max_asa_s", "max_abandon", "max_occupancy", "max_blocking"];
    if let Some(name) = first_target_set(options, &refused) {
        return Err(not(format!(
            "staffs for `service_level` and `max_p_wait` only; `{name}` is set"
        )));
    }
    if options.model == StaffingModel::ErlangB {
        return Err(not(
            "needs a queue (model `erlang_c` or `erlang_a`), not `erlang_b`".into()
        ));
    }
    Ok(())
}

/// Staffing by simulation ([`StaffingMethod::Simulation`]): the stationary Erlang staffing of
/// `options` per interval, then the iterative staffing algorithm
/// ([`crate::simulate::staff_by_simulation`]) started from it, which moves agents in time until
/// the simulated day meets `service_level` (within `answer_within_s`) and `max_p_wait` in every
/// interval under time-varying demand, the queue carried from interval to interval. The handle
/// times, patience (default: the staffing's `patience_s` under Erlang A), replications and seed
/// are `settings`'. `agents_gross` is `⌈agents ÷ (1 − shrinkage)⌉` as for Erlang; the metrics of
/// each row are the final simulation's: `service_level` (answered within the threshold ÷
/// offered, over all replications), `p_wait` (delayed ÷ offered), `asa_s`, `p_abandon` and
/// `occupancy` (means over the replications). The forecast's rows must be consecutive intervals.
///
/// # Errors
/// [`crate::Error::Staffing`] for a target the simulation does not staff for (`max_asa_s`,
/// `max_abandon`, `max_occupancy`, `max_blocking`, Erlang B) or any error of [`requirements`];
/// [`crate::Error::Simulate`] for bad settings or a replication over its event bound.
pub fn requirements_by_simulation(
    forecast: &Forecast,
    options: &StaffingOptions,
    settings: &SimulationSettings,
) -> crate::Result<(StaffingRequirements, IterativeStaffing)> {
    check_simulation_method(options)?;
    let erlang = StaffingOptions {
        method: StaffingMethod::Erlang,
        ..options.clone()
    };
    let mut r = requirements(forecast, &erlang)?;
    let (queue, simulation) = settings.queue_and_options(SimulationInput {
        interval_s: forecast.interval_s,
        volume: forecast.volume.clone(),
        aht_s: forecast.aht_s.clone(),
        agents: r.staffing.iter().map(|s| s.agents).collect(),
        answer_within_s: options.answer_within_s,
        staffing_patience_s: options.patience_s,
    })?;
    let isa = staff_by_simulation(
        &queue,
        &IterativeStaffingOptions {
            target_p_delay: options.max_p_wait,
            target_service_level: options.service_level,
            start_from_queue: true,
            max_iterations: settings.max_iterations,
            simulation,
        },
    )?;
    for (i, s) in r.staffing.iter_mut().enumerate() {
        let e = &isa.intervals[i];
        s.agents = isa.agents[i];
        s.agents_gross = gross_agents(isa.agents[i], options.shrinkage)?;
        s.service_level = isa.service_level[i].mean;
        s.p_wait = isa.p_delay[i].mean;
        s.asa_s = e.asa_s.mean;
        s.p_abandon = e.abandon_rate.mean;
        s.occupancy = e.occupancy.mean;
    }
    Ok((r, isa))
}

/// Multi-skill staffing by simulation, seeded from each type's Erlang staffing, with what it
/// saves against staffing each type alone.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiSkillPlan {
    /// The agents per group by [`crate::simulate::staff_multi_skill`].
    pub staffing: crate::simulate::MultiSkillStaffing,
    /// Each type's Erlang agents (Erlang C, or Erlang A with a patience) for its target, given
    /// to its cheapest specialist group (else the cheapest group serving it): one of the two
    /// starts (the other is the fluid bound, [`crate::simulate::fluid_staffing`] rounded down).
    pub erlang_start: Vec<u32>,
    /// Each type alone: specialists only (one group per type, at the cost of the cheapest
    /// group that serves it), staffed by the same simulation and targets.
    pub alone: crate::simulate::MultiSkillStaffing,
    /// `alone.cost − staffing.cost`.
    pub saving: f64,
}

/// Each type's Erlang agents for its target in one period.
fn erlang_per_type(sys: &crate::simulate::MultiSkillSystem, target: &[f64]) -> crate::Result<Vec<u32>> {
    (0..sys.volume.len())
        .map(|t| {
            let opts = if sys.patience_s[t].is_finite() {
                StaffingOptions::new(StaffingModel::ErlangA).with_patience_s(sys.patience_s[t])
            } else {
                StaffingOptions::new(StaffingModel::ErlangC)
            }
            .with_service_level(target.get(t).copied().unwrap_or(0.0), sys.answer_within_s);
            crate::staffing::required_agents(sys.volume[t], sys.aht_s[t], sys.period_s, &opts)
                .map(|s| s.agents)
                .map_err(|e| crate::Error::from(e.at(t)))
        })
        .collect()
}

/// Staffs a multi-skill system by simulation ([`crate::simulate::staff_multi_skill`]) from
/// every type's Erlang staffing, and each type alone with specialists the same way, for the
/// saving. `cost[i]` per agent of group `i`; `target[k]` the service level of type `k` within
/// `sys.answer_within_s`.
///
/// # Errors
///
/// As [`crate::simulate::staff_multi_skill`] and [`crate::staffing::required_agents`] (at the
/// type's index).
pub fn multi_skill_requirements(
    sys: &crate::simulate::MultiSkillSystem,
    cost: &[f64],
    target: &[f64],
    opts: &crate::simulate::MultiSkillOptions,
    max_iterations: usize,
) -> crate::Result<MultiSkillPlan> {
    let routes = sys.routes()?;
    if cost.len() != sys.skills.len() {
        return Err(crate::simulate::SimulateError::InvalidRouting {
            name: "cost",
            reason: format!("{} costs for {} groups", cost.len(), sys.skills.len()),
        }
        .into());
    }
    let per_type = erlang_per_type(sys, target)?;
    let by_cost = |a: &usize, b: &usize| cost[*a].total_cmp(&cost[*b]).then(a.cmp(b));
    let mut start = vec![0u32; sys.skills.len()];
    let mut alone_cost = Vec::with_capacity(per_type.len());
    for (t, &n) in per_type.iter().enumerate() {
        let specialist = routes[t]
            .iter()
            .copied()
            .filter(|&g| sys.skills[g].len() == 1)
            .min_by(by_cost);
        let cheapest = routes[t]
            .iter()
            .copied()
            .min_by(by_cost)
            .expect("checked: every type has a group");
        start[specialist.unwrap_or(cheapest)] += n;
        alone_cost.push(cost[cheapest]);
    }
    // The cutting planes climb from the fluid bound (below every target, where the cuts say
    // where to add); the Erlang start (every type alone, feasible or nearly) is descended too,
    // and the cheaper of the two is kept.
    let fluid: Vec<u32> = crate::simulate::fluid_staffing(sys, cost)?
        .iter()
        .map(|v| v.floor() as u32)
        .collect();
    // Either run may stop at `max_iterations`; the other's staffing is then the answer, and
    // only when both fail is it an error.
    let from_fluid = crate::simulate::staff_multi_skill(sys, cost, target, &fluid, opts, max_iterations);
    let from_erlang = crate::simulate::staff_multi_skill(sys, cost, target, &start, opts, max_iterations);
    let staffing = match (from_fluid, from_erlang) {
        (Ok(a), Ok(b)) => {
            if (a.feasible, -a.cost) >= (b.feasible, -b.cost) {
                a
            } else {
                b
            }
        }
        (Ok(a), Err(_)) | (Err(_), Ok(a)) => a,
        (Err(e), Err(_)) => return Err(e.into()),
    };
    let specialists = crate::simulate::MultiSkillSystem {
        skills: (0..per_type.len()).map(|t| vec![t]).collect(),
        routing: Vec::new(),
        ..sys.clone()
    };
    let alone = crate::simulate::staff_multi_skill(&specialists, &alone_cost, target, &per_type, opts, max_iterations)?;
    Ok(MultiSkillPlan {
        saving: alone.cost - staffing.cost,
        staffing,
        erlang_start: start,
        alone,
    })
}
