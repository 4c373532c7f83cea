//! A synthetic SaaS account history with quarterly snapshots and a known hidden truth
//! (see [`truth`]), so tests can check that the tool recovers what was put in.
//!
//! Accounts carry standard-normal latents that move slowly between quarters (AR(1) with
//! persistence [`truth::PERSISTENCE`]); each observed measure is a monotone, noisy function
//! of one latent; churn in the quarter after a snapshot is drawn from the logistic model in
//! [`truth`]. Churned accounts leave and are replaced by new (onboarding) accounts, so each
//! quarter has the same number of accounts. The same seed gives the same bytes.

mod expansion;
mod frame;
pub mod truth;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Poisson, StandardNormal};

pub use frame::history_frame;
use truth::{Latent, Truth, LATENTS};

/// What to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimulationSpec {
    /// Accounts per quarter.
    pub accounts: usize,
    /// Number of quarterly snapshots.
    pub periods: usize,
    pub seed: u64,
    /// Day number (days since 1970-01-01) of the first snapshot; later ones follow every
    /// three calendar months.
    pub start: i32,
}

/// One account's state between quarters.
#[derive(Debug, Clone)]
struct Account {
    id: usize,
    segment: usize,
    seats_licensed: u32,
    price_factor: f64,
    sponsor: bool,
    age_quarters: u32,
    renewal_offset: u32,
    latents: [f64; LATENTS.len()],
}

/// One simulated snapshot row.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub account: usize,
    pub date: i32,
    pub segment: &'static str,
    pub lifecycle_stage: &'static str,
    pub arr: f64,
    pub seats_licensed: u32,
    pub seats_used: u32,
    pub seat_utilization: f64,
    pub weekly_active_pct: f64,
    pub logins_per_user_week: f64,
    pub feature_adoption: f64,
    pub open_tickets: u32,
    pub priority_tickets: u32,
    pub avg_resolution_hours: f64,
    pub days_to_renewal: u32,
    pub days_payment_overdue: u32,
    pub nps: Option<f64>,
    pub csat: Option<f64>,
    pub csm_sentiment: Option<&'static str>,
    pub exec_sponsor: bool,
    pub churned: bool,
    pub churn_date: Option<i32>,
    /// Expansion in the quarter after the snapshot; `None` for a churned account.
    pub expanded: Option<bool>,
}

const SEGMENTS: [&str; 3] = ["smb", "mid", "enterprise"];
const SEGMENT_SHARES: [f64; 3] = [0.55, 0.30, 0.15];
const SEAT_RANGES: [(u32, u32); 3] = [(5, 30), (31, 200), (201, 1500)];
const PRICE_PER_SEAT: [f64; 3] = [900.0, 700.0, 500.0];
const SPONSOR_RATES: [f64; 3] = [0.3, 0.5, 0.7];
const NPS_MISSING: f64 = 0.35;
const CSAT_MISSING: f64 = 0.40;
const SENTIMENT_MISSING: f64 = 0.05;

/// Simulates the history and returns its rows (ordered by snapshot, then account) and truth.
pub fn simulate(spec: &SimulationSpec) -> (Vec<Snapshot>, Truth) {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let mut growth = expansion::Growth::new(spec.seed);
    let mut next_id = 0;
    let mut accounts: Vec<Account> = (0..spec.accounts)
        .map(|_| {
            let age = if rng.gen_bool(0.2) {
                rng.gen_range(0..2)
            } else {
                rng.gen_range(2..20)
            };
            new_account(&mut rng, &mut next_id, age)
        })
        .collect();
    let mut rows = Vec::with_capacity(spec.accounts * spec.periods);
    for period in 0..spec.periods {
        let date = quarter_start(spec.start, period);
        let mut survivors = Vec::with_capacity(accounts.len());
        for mut account in accounts {
            let mut snapshot = observe(&mut rng, &account, period, date);
            let churned = snapshot.churned;
            snapshot.expanded = growth.expanded(&account, churned);
            rows.push(snapshot);
            if !churned {
                advance(&mut rng, &mut account);
                survivors.push(account);
            }
        }
        while survivors.len() < spec.accounts {
            survivors.push(new_account(&mut rng, &mut next_id, 0));
        }
        accounts = survivors;
    }
    let truth = truth_of(spec, &rows);
    (rows, truth)
}

/// Day number of the snapshot `period` quarters after `start`.
fn quarter_start(start: i32, period: usize) -> i32 {
    let (year, month, day) = crate::data::dates::civil_from_days(start);
    let months = month as usize - 1 + 3 * period;
    let year = year + (months / 12) as i32;
    let month = (months % 12) as u32 + 1;
    crate::data::dates::days_from_civil(
        year,
        month,
        day.min(crate::data::dates::days_in_month(year, month)),
    )
}

fn new_account(rng: &mut ChaCha8Rng, next_id: &mut usize, age_quarters: u32) -> Account {
    *next_id += 1;
    let draw: f64 = rng.gen();
    let segment = if draw < SEGMENT_SHARES[0] {
        0
    } else if draw < SEGMENT_SHARES[0] + SEGMENT_SHARES[1] {
        1
    } else {
        2
    };
    let (low, high) = SEAT_RANGES[segment];
    let mut latents = [0.0; LATENTS.len()];
    for latent in &mut latents {
        *latent = rng.sample(StandardNormal);
    }
    Account {
        id: *next_id,
        segment,
        seats_licensed: rng.gen_range(low..=high),
        price_factor: (0.15 * rng.sample::<f64, _>(StandardNormal)).exp(),
        sponsor: rng.gen_bool(SPONSOR_RATES[segment]),
        age_quarters,
        renewal_offset: rng.gen_range(0..365),
        latents,
    }
}

/// Moves every latent one quarter on: `z' = ρ·z + √(1−ρ²)·ε`, keeping it standard normal.
fn advance(rng: &mut ChaCha8Rng, account: &mut Account) {
    let rho = truth::PERSISTENCE;
    let innovation = (1.0 - rho * rho).sqrt();
    for latent in &mut account.latents {
        *latent = rho * *latent + innovation * rng.sample::<f64, _>(StandardNormal);
    }
    account.age_quarters += 1;
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn round_to(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> u32 {
    Poisson::new(mean).map_or(0, |p| p.sample(rng) as u32)
}

/// The snapshot of an account at a quarter, with its churn outcome for the next quarter.
fn observe(rng: &mut ChaCha8Rng, account: &Account, period: usize, date: i32) -> Snapshot {
    let z = |latent: Latent| account.latents[latent as usize];
    let onboarding = account.age_quarters < 2;
    let mut eta = truth::INTERCEPT + truth::SEGMENT_EFFECTS[account.segment].1;
    if account.sponsor {
        eta += truth::SPONSOR_EFFECT;
    }
    for latent in LATENTS {
        let (adopted, onboarding_effect) = latent.effects();
        eta += z(latent) * if onboarding { onboarding_effect } else { adopted };
    }
    let days_payment_overdue = (25.0 * (z(Latent::Billing) - 0.8)).round().max(0.0) as u32;
    if days_payment_overdue > truth::OVERDUE_STEP_DAYS {
        eta += truth::OVERDUE_STEP_EFFECT;
    }
    let churned = rng.gen_bool(logistic(eta));
    let churn_date = churned.then(|| date + rng.gen_range(1..=90));

    let seat_utilization = round_to(logistic(0.9 + z(Latent::Usage)), 3);
    let seats_used = (f64::from(account.seats_licensed) * seat_utilization).round() as u32;
    let drift = truth::ADOPTION_DRIFT_PER_QUARTER * period as f64;
    let feature_adoption = round_to(logistic(-0.3 + 0.9 * z(Latent::Adoption) + drift), 3);
    let weekly_active_pct = round_to(100.0 * logistic(-0.2 + 0.9 * z(Latent::Activity)), 1);
    let noise: f64 = rng.sample(StandardNormal);
    let login_latent = 0.95 * z(Latent::Activity) + 0.31 * noise;
    let logins_per_user_week = round_to(1.0 + 8.0 * logistic(0.2 + 0.9 * login_latent), 2);
    let priority_tickets = poisson(rng, (-0.7 + 0.8 * z(Latent::Support)).exp());
    let open_tickets = priority_tickets + poisson(rng, (0.6 + 0.5 * z(Latent::TicketNoise)).exp());
    let avg_resolution_hours = round_to((3.0 + 0.5 * z(Latent::Resolution)).exp(), 1);
    let days_to_renewal = (account.renewal_offset + 365 - (period as u32 * 91) % 365) % 365;
    let nps = (!rng.gen_bool(NPS_MISSING)).then(|| (7.2 + 1.8 * z(Latent::Nps)).round().clamp(0.0, 10.0));
    let csat = (!rng.gen_bool(CSAT_MISSING))
        .then(|| round_to((4.0 + 0.8 * z(Latent::Satisfaction)).clamp(1.0, 5.0), 1));
    let sentiment = z(Latent::Sentiment);
    let csm_sentiment = (!rng.gen_bool(SENTIMENT_MISSING)).then_some(if sentiment < -0.8 {
        "red"
    } else if sentiment < 0.4 {
        "yellow"
    } else {
        "green"
    });
    let arr =
        (f64::from(account.seats_licensed) * PRICE_PER_SEAT[account.segment] * account.price_factor).round();
    Snapshot {
        account: account.id,
        date,
        segment: SEGMENTS[account.segment],
        lifecycle_stage: if onboarding { "onboarding" } else { "adopted" },
        arr,
        seats_licensed: account.seats_licensed,
        seats_used,
        seat_utilization,
        weekly_active_pct,
        logins_per_user_week,
        feature_adoption,
        open_tickets,
        priority_tickets,
        avg_resolution_hours,
        days_to_renewal,
        days_payment_overdue,
        nps,
        csat,
        csm_sentiment,
        exec_sponsor: account.sponsor,
        churned,
        churn_date,
        expanded: None,
    }
}

fn truth_of(spec: &SimulationSpec, rows: &[Snapshot]) -> Truth {
    let measures = truth::measure_truths();
    let mut strongest: Vec<_> = measures.iter().filter(|m| m.signal).collect();
    strongest.sort_by(|a, b| b.effect_adopted.abs().total_cmp(&a.effect_adopted.abs()));
    let share = |count: usize| count as f64 / rows.len().max(1) as f64;
    Truth {
        model: "P(churn in the next quarter) = 1 / (1 + exp(-(intercept + segment_effect + sponsor_effect*sponsor + sum_k effect_k * z_k))), z_k standard-normal latents; each measure is a monotone noisy function of its latent",
        seed: spec.seed,
        accounts_per_period: spec.accounts,
        periods: spec.periods,
        rows: rows.len(),
        churned_rows: rows.iter().filter(|r| r.churned).count(),
        intercept: truth::INTERCEPT,
        persistence: truth::PERSISTENCE,
        segment_effects: truth::SEGMENT_EFFECTS.to_vec(),
        sponsor_effect: truth::SPONSOR_EFFECT,
        null_measures: measures.iter().filter(|m| !m.signal).map(|m| m.column).collect(),
        correlated_pairs: vec![["weekly_active_pct", "logins_per_user_week"], ["priority_tickets", "open_tickets"]],
        strongest_first: strongest.iter().map(|m| m.column).collect(),
        drift: vec![truth::DriftTruth {
            column: "feature_adoption",
            per_quarter: truth::ADOPTION_DRIFT_PER_QUARTER,
            note: "observed adoption rises on the logit scale each quarter with no change in churn risk",
        }],
        missing_rates: vec![
            ("nps", share(rows.iter().filter(|r| r.nps.is_none()).count())),
            ("csat", share(rows.iter().filter(|r| r.csat.is_none()).count())),
            ("csm_sentiment", share(rows.iter().filter(|r| r.csm_sentiment.is_none()).count())),
        ],
        expansion: truth::expansion_truth(share(rows.iter().filter(|r| r.expanded == Some(true)).count())),
        steps: vec![truth::StepTruth {
            column: "days_payment_overdue",
            above: f64::from(truth::OVERDUE_STEP_DAYS),
            effect: truth::OVERDUE_STEP_EFFECT,
            note: "an invoice overdue more than 30 days adds 1.5 to the log-odds of churn, on top of the billing latent",
        }],
        measures,
    }
}
