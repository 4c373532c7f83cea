//! Near-duplicate columns: numeric columns whose ranks move together (|Spearman| at or above
//! a threshold), grouped so that one per group is enough.

use rayon::prelude::*;
use serde::Serialize;

use crate::metrics::correlation::{pearson, spearman};
use crate::metrics::ranks::average_ranks;

/// Columns correlating at least this much (in absolute value, Spearman) are near-duplicates.
pub const DUPLICATE_SPEARMAN: f64 = 0.9;
/// Pairs with fewer rows where both have a value are not compared.
pub const MIN_PAIRED_ROWS: usize = 10;

/// Two columns that move together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorrelatedPair {
    pub a: String,
    pub b: String,
    /// Spearman correlation over the rows where both have a value.
    pub spearman: f64,
}

/// Columns linked by chains of near-duplicate pairs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DuplicateGroup {
    /// Strongest signal first: the one to keep.
    pub columns: Vec<String>,
    /// The pairs that link them.
    pub pairs: Vec<CorrelatedPair>,
}

/// A numeric column to compare: its name and values (`None` = missing).
pub type NamedValues<'a> = (&'a str, &'a [Option<f64>]);

/// Every pair of `columns` with |Spearman| ≥ `threshold`, over pairwise-complete rows.
///
/// Columns without missing values are ranked once and compared by the Pearson correlation
/// of their ranks (the same number as [`spearman`]); pairs involving gaps are ranked over the
/// rows both have. Pairs run in parallel; `on_pair` is called once per pair compared.
pub fn correlated_pairs(
    columns: &[NamedValues],
    threshold: f64,
    on_pair: &(dyn Fn() + Sync),
) -> Vec<CorrelatedPair> {
    let ranks: Vec<Option<Vec<f64>>> = columns
        .par_iter()
        .map(|(_, values)| {
            let complete: Option<Vec<f64>> = values.iter().copied().collect();
            complete.map(|v| average_ranks(&v))
        })
        .collect();
    let pairs: Vec<(usize, usize)> = (0..columns.len())
        .flat_map(|i| (i + 1..columns.len()).map(move |j| (i, j)))
        .collect();
    pairs
        .into_par_iter()
        .filter_map(|(i, j)| {
            let rho = match (&ranks[i], &ranks[j]) {
                (Some(a), Some(b)) => pearson(a, b),
                _ => pairwise_spearman(columns[i].1, columns[j].1),
            };
            on_pair();
            let rho = rho.filter(|r| r.abs() >= threshold)?;
            Some(CorrelatedPair {
                a: columns[i].0.to_string(),
                b: columns[j].0.to_string(),
                spearman: rho,
            })
        })
        .collect()
}

/// Spearman over the rows where both columns have a value.
fn pairwise_spearman(a: &[Option<f64>], b: &[Option<f64>]) -> Option<f64> {
    let (x, y): (Vec<f64>, Vec<f64>) = a.iter().zip(b).filter_map(|(x, y)| Some(((*x)?, (*y)?))).unzip();
    if x.len() < MIN_PAIRED_ROWS {
        return None;
    }
    spearman(&x, &y)
}

/// Groups linked pairs (connected components). `order` lists column names strongest first;
/// groups list their columns in that order and come in the order of their strongest column.
pub fn group_pairs(pairs: &[CorrelatedPair], order: &[String]) -> Vec<DuplicateGroup> {
    let index = |name: &str| order.iter().position(|n| n == name).unwrap_or(usize::MAX);
    // union-find over positions in `order`, each root being the group's strongest column
    let mut parent: Vec<usize> = (0..order.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for pair in pairs {
        let (a, b) = (index(&pair.a), index(&pair.b));
        if a == usize::MAX || b == usize::MAX {
            continue;
        }
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        parent[ra.max(rb)] = ra.min(rb);
    }
    let mut groups: Vec<DuplicateGroup> = Vec::new();
    let mut group_of_root: Vec<Option<usize>> = vec![None; order.len()];
    for (i, name) in order.iter().enumerate() {
        let r = root(&mut parent, i);
        if r == i && !pairs.iter().any(|p| &p.a == name || &p.b == name) {
            continue;
        }
        let g = *group_of_root[r].get_or_insert_with(|| {
            groups.push(DuplicateGroup {
                columns: Vec::new(),
                pairs: Vec::new(),
            });
            groups.len() - 1
        });
        groups[g].columns.push(name.clone());
    }
    for pair in pairs {
        if let Some(group) = groups.iter_mut().find(|g| g.columns.contains(&pair.a)) {
            group.pairs.push(pair.clone());
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monotone_copies_pair_up_even_with_gaps() {
        let x: Vec<Option<f64>> = (0..20).map(|i| Some(f64::from(i))).collect();
        let cubed: Vec<Option<f64>> = (0..20)
            .map(|i| (i % 5 != 0).then(|| f64::from(i).powi(3)))
            .collect();
        let noise: Vec<Option<f64>> = (0..20).map(|i| Some(f64::from((i * 7) % 11))).collect();
        let columns = [("x", &x[..]), ("cubed", &cubed[..]), ("noise", &noise[..])];
        let pairs = correlated_pairs(&columns, 0.9, &|| {});
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].a.as_str(), pairs[0].b.as_str()), ("x", "cubed"));
        assert!((pairs[0].spearman - 1.0).abs() < 1e-12);
    }

    #[test]
    fn chains_form_one_group_strongest_first() {
        let pair = |a: &str, b: &str| CorrelatedPair {
            a: a.into(),
            b: b.into(),
            spearman: 0.95,
        };
        let order: Vec<String> = ["d", "c", "b", "a", "lone"].map(String::from).to_vec();
        let groups = group_pairs(&[pair("a", "b"), pair("b", "c")], &order);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].columns, ["c", "b", "a"]);
        assert_eq!(groups[0].pairs.len(), 2);
    }
}
