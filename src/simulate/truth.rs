//! The hidden truth behind simulated histories: the churn model's coefficients, which
//! measures carry no signal, which pair is redundant, and the drift put in between quarters.
//!
//! Churn in the quarter after a snapshot is drawn from
//! `P(churn) = 1 / (1 + exp(−η))`, `η = intercept + segment effect + Σ_k β_k·z_k + β_sponsor·sponsor`,
//! where each `z_k` is a standard-normal latent that the observed measure is a monotone,
//! noisy function of. A latent's sign is "healthier when higher" for usage, adoption,
//! activity, NPS and sentiment, and "worse when higher" for support load and billing.

use serde::Serialize;

/// Log-odds of churn for an average adopted mid-market account without a sponsor.
pub const INTERCEPT: f64 = -3.0;
/// Quarter-to-quarter autocorrelation of every latent: accounts drift slowly.
pub const PERSISTENCE: f64 = 0.85;
/// How much the feature-adoption latent's observed value rises each quarter (logit scale),
/// with no change in churn risk: a drift the stability index must flag.
pub const ADOPTION_DRIFT_PER_QUARTER: f64 = 0.25;
/// Segment effects on the log-odds: smb, mid, enterprise.
pub const SEGMENT_EFFECTS: [(&str, f64); 3] = [("smb", 0.35), ("mid", 0.0), ("enterprise", -0.45)];
/// Effect of having an executive sponsor.
pub const SPONSOR_EFFECT: f64 = -0.40;

/// Days overdue beyond which churn jumps: a sharp step on top of the billing latent's
/// smooth effect, for `tune` to find.
pub const OVERDUE_STEP_DAYS: u32 = 30;
/// Log-odds added for an invoice overdue more than [`OVERDUE_STEP_DAYS`] days.
pub const OVERDUE_STEP_EFFECT: f64 = 1.5;

/// Log-odds of expansion in the quarter after a snapshot for an average mid-market account.
pub const EXPANSION_INTERCEPT: f64 = -2.2;
/// Effect on the log-odds of expansion per SD of the adoption latent.
pub const EXPANSION_ADOPTION_EFFECT: f64 = 0.7;
/// Effect on the log-odds of expansion per SD of the usage (seat utilization) latent.
pub const EXPANSION_USAGE_EFFECT: f64 = 0.6;
/// Segment effects on the log-odds of expansion: small accounts expand more.
pub const EXPANSION_SEGMENT_EFFECTS: [(&str, f64); 3] = [("smb", 0.4), ("mid", 0.0), ("enterprise", -0.4)];

/// The latents that drive measures, and each one's effect for adopted and onboarding accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Latent {
    Usage,
    Adoption,
    Activity,
    Support,
    Billing,
    Nps,
    Sentiment,
    Satisfaction,
    Resolution,
    TicketNoise,
}

/// Every latent, in the order the simulator draws them.
pub const LATENTS: [Latent; 10] = [
    Latent::Usage,
    Latent::Adoption,
    Latent::Activity,
    Latent::Support,
    Latent::Billing,
    Latent::Nps,
    Latent::Sentiment,
    Latent::Satisfaction,
    Latent::Resolution,
    Latent::TicketNoise,
];

impl Latent {
    /// `(adopted, onboarding)` log-odds effect per standard deviation of the latent.
    pub fn effects(self) -> (f64, f64) {
        match self {
            Latent::Usage => (-0.90, -0.40),
            Latent::Adoption => (-0.60, -1.20),
            Latent::Activity => (-0.30, -0.30),
            Latent::Support => (0.45, 0.45),
            Latent::Billing => (0.50, 0.50),
            Latent::Nps => (-0.35, -0.35),
            Latent::Sentiment => (-0.30, -0.30),
            Latent::Satisfaction | Latent::Resolution | Latent::TicketNoise => (0.0, 0.0),
        }
    }
}

/// One measure column and what truly drives it.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureTruth {
    pub column: &'static str,
    /// Log-odds effect per SD of the measure's latent, adopted accounts.
    pub effect_adopted: f64,
    /// The same for onboarding accounts.
    pub effect_onboarding: f64,
    /// True when the measure has a direct effect on churn.
    pub signal: bool,
    /// Whether more of the measure is healthier.
    pub higher_is_better: bool,
    pub note: &'static str,
}

/// The truth file written beside a simulated history.
#[derive(Debug, Clone, Serialize)]
pub struct Truth {
    pub model: &'static str,
    pub seed: u64,
    pub accounts_per_period: usize,
    pub periods: usize,
    pub rows: usize,
    pub churned_rows: usize,
    pub intercept: f64,
    pub persistence: f64,
    pub segment_effects: Vec<(&'static str, f64)>,
    pub sponsor_effect: f64,
    pub measures: Vec<MeasureTruth>,
    /// Measures with no direct effect on churn.
    pub null_measures: Vec<&'static str>,
    /// Pairs of measures driven by the same latent (strongly correlated).
    pub correlated_pairs: Vec<[&'static str; 2]>,
    /// Ordered strongest first by adopted-account effect size.
    pub strongest_first: Vec<&'static str>,
    pub drift: Vec<DriftTruth>,
    pub missing_rates: Vec<(&'static str, f64)>,
    /// Sharp steps in churn risk at a known value of a measure.
    pub steps: Vec<StepTruth>,
    /// How the `expanded` column was drawn.
    pub expansion: ExpansionTruth,
}

/// The model behind the `expanded` column (see `simulate::expansion`).
#[derive(Debug, Clone, Serialize)]
pub struct ExpansionTruth {
    pub column: &'static str,
    pub model: &'static str,
    pub intercept: f64,
    /// Log-odds per SD of the adoption latent (drives feature_adoption).
    pub adoption_effect: f64,
    /// Log-odds per SD of the usage latent (drives seat_utilization).
    pub usage_effect: f64,
    pub segment_effects: Vec<(&'static str, f64)>,
    /// Share of all rows that expanded.
    pub rate: f64,
    pub note: &'static str,
}

/// The expansion truth, with the share of rows that expanded.
pub fn expansion_truth(rate: f64) -> ExpansionTruth {
    ExpansionTruth {
        column: "expanded",
        model: "P(expansion in the next quarter) = 1 / (1 + exp(-(intercept + segment_effect + adoption_effect * z_adoption + usage_effect * z_usage))), for accounts that did not churn",
        intercept: EXPANSION_INTERCEPT,
        adoption_effect: EXPANSION_ADOPTION_EFFECT,
        usage_effect: EXPANSION_USAGE_EFFECT,
        segment_effects: EXPANSION_SEGMENT_EFFECTS.to_vec(),
        rate,
        note: "drawn from a separate random stream (ChaCha stream 1 of the seed), so every other column is the same as without it; empty for churned accounts, which count as not expanded",
    }
}

/// A jump in the log-odds of churn once a measure passes a value.
#[derive(Debug, Clone, Serialize)]
pub struct StepTruth {
    pub column: &'static str,
    /// The step applies to values strictly above this.
    pub above: f64,
    /// Log-odds added above it.
    pub effect: f64,
    pub note: &'static str,
}

/// A drift between quarters that does not change churn risk.
#[derive(Debug, Clone, Serialize)]
pub struct DriftTruth {
    pub column: &'static str,
    pub per_quarter: f64,
    pub note: &'static str,
}

/// The measures a simulated history holds, with their truth.
pub fn measure_truths() -> Vec<MeasureTruth> {
    let row = |column, latent: Latent, higher_is_better, note| {
        let (effect_adopted, effect_onboarding) = latent.effects();
        MeasureTruth {
            column,
            effect_adopted,
            effect_onboarding,
            signal: effect_adopted != 0.0 || effect_onboarding != 0.0,
            higher_is_better,
            note,
        }
    };
    vec![
        row(
            "seat_utilization",
            Latent::Usage,
            true,
            "strong; weaker for onboarding accounts",
        ),
        row(
            "feature_adoption",
            Latent::Adoption,
            true,
            "strong; strongest for onboarding accounts; drifts upward",
        ),
        row(
            "weekly_active_pct",
            Latent::Activity,
            true,
            "weak; shares its latent with logins_per_user_week",
        ),
        row("priority_tickets", Latent::Support, false, "moderate"),
        row(
            "days_payment_overdue",
            Latent::Billing,
            false,
            "moderate; zero for most accounts; churn jumps beyond 30 days (see steps)",
        ),
        row(
            "nps",
            Latent::Nps,
            true,
            "moderate; 35% missing (no survey answer)",
        ),
        row(
            "csm_sentiment",
            Latent::Sentiment,
            true,
            "moderate; red/yellow/green",
        ),
        MeasureTruth {
            column: "logins_per_user_week",
            effect_adopted: 0.0,
            effect_onboarding: 0.0,
            signal: false,
            higher_is_better: true,
            note: "no direct effect, but strongly correlated with weekly_active_pct",
        },
        MeasureTruth {
            column: "open_tickets",
            effect_adopted: 0.0,
            effect_onboarding: 0.0,
            signal: false,
            higher_is_better: false,
            note: "no direct effect; includes priority_tickets, so correlated with it",
        },
        row("csat", Latent::Satisfaction, true, "null: no signal; 40% missing"),
        row(
            "avg_resolution_hours",
            Latent::Resolution,
            false,
            "null: no signal",
        ),
        MeasureTruth {
            column: "days_to_renewal",
            effect_adopted: 0.0,
            effect_onboarding: 0.0,
            signal: false,
            higher_is_better: true,
            note: "null: uniform, no signal",
        },
    ]
}
