//! Expansion in the quarter after a snapshot (the `expanded` column), drawn from a random
//! stream of its own so that every other column of a simulated history is the same, byte
//! for byte, as without it: the churn stream never sees these draws.
//!
//! `P(expansion) = 1 / (1 + exp(−η))`, `η =` [`truth::EXPANSION_INTERCEPT`] `+` segment
//! effect ([`truth::EXPANSION_SEGMENT_EFFECTS`], small accounts more) `+`
//! [`truth::EXPANSION_ADOPTION_EFFECT`]`·z_adoption +` [`truth::EXPANSION_USAGE_EFFECT`]`·z_usage`.
//! One uniform draw per snapshot, in row order; a churned account does not expand and its
//! cell is left empty.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::truth::{self, Latent};
use super::{logistic, Account};

/// The ChaCha stream the expansion draws come from (the churn model uses stream 0).
pub const EXPANSION_STREAM: u64 = 1;

/// The expansion draws of one simulation.
pub(super) struct Growth {
    rng: ChaCha8Rng,
}

impl Growth {
    /// The draws for `seed`, on [`EXPANSION_STREAM`].
    pub(super) fn new(seed: u64) -> Growth {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(EXPANSION_STREAM);
        Growth { rng }
    }

    /// Whether `account` expands in the quarter after its snapshot; `None` when it churned.
    pub(super) fn expanded(&mut self, account: &Account, churned: bool) -> Option<bool> {
        let z = |latent: Latent| account.latents[latent as usize];
        let eta = truth::EXPANSION_INTERCEPT
            + truth::EXPANSION_SEGMENT_EFFECTS[account.segment].1
            + truth::EXPANSION_ADOPTION_EFFECT * z(Latent::Adoption)
            + truth::EXPANSION_USAGE_EFFECT * z(Latent::Usage);
        let draw: f64 = self.rng.gen();
        (!churned).then_some(draw < logistic(eta))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{simulate, SimulationSpec};

    #[test]
    fn churned_rows_have_no_expansion_and_small_accounts_expand_more() {
        let spec = SimulationSpec {
            accounts: 3000,
            periods: 2,
            seed: 11,
            start: 20_089,
        };
        let (rows, truth) = simulate(&spec);
        assert!(rows.iter().all(|r| r.churned == r.expanded.is_none()));
        let rate = |segment: &str| {
            let in_segment: Vec<_> = rows
                .iter()
                .filter(|r| r.segment == segment && !r.churned)
                .collect();
            in_segment.iter().filter(|r| r.expanded == Some(true)).count() as f64 / in_segment.len() as f64
        };
        assert!(rate("smb") > rate("mid") && rate("mid") > rate("enterprise"));
        let expanded = rows.iter().filter(|r| r.expanded == Some(true)).count();
        assert_eq!(truth.expansion.rate, expanded as f64 / rows.len() as f64);
        // accounts that expand have higher adoption, as the model says
        let adoption = |expanded: bool| {
            let picked: Vec<f64> = rows
                .iter()
                .filter(|r| r.expanded == Some(expanded))
                .map(|r| r.feature_adoption)
                .collect();
            picked.iter().sum::<f64>() / picked.len() as f64
        };
        assert!(adoption(true) > adoption(false) + 0.03);
    }
}
